"""okrtui/ui/dialogs"""
