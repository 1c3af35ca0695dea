"""okrtui/cli"""
