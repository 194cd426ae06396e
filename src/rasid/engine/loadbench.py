"""(being built)."""


def register_bench(sub) -> None:
    """Adds nothing until built."""
