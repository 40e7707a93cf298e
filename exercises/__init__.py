"""Exercise registry and the built-in exercise folders (one folder per exercise)."""
