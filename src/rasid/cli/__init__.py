"""The `rasid` command line: a thin layer over the library."""
