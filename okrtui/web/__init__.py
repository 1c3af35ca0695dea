"""okrtui/web"""
