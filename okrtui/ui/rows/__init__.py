"""okrtui/ui/rows"""
