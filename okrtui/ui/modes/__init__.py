"""okrtui/ui/modes"""
