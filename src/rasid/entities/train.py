"""(being built)."""


def register_train(sub) -> None:
    """Adds nothing until built."""
