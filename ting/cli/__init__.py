"""The ``ting`` command line."""
