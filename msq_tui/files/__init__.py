"""Safe file input and output: atomic writes, strict JSON and TOML, bounded reads, text made safe to print."""
