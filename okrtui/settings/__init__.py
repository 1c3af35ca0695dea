"""okrtui/settings"""
