"""Not read yet (issue 16): files of this format are refused with one line."""


def read(*args, **kwargs):
    raise ValueError("this format is not read yet")


def read_bytes(*args, **kwargs):
    raise ValueError("this format is not read yet")
