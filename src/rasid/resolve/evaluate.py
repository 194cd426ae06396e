"""(being built)."""


def register_eval(sub) -> None:
    """Adds nothing until built."""
