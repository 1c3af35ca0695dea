"""okrtui/present"""
