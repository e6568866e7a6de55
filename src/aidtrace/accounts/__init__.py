"""The desk's user accounts: roles, passwords (``passwords``: the ones refused), sign-in with
lockout (``users``) and the optional second factor (``totp``).

The command line and the web desk call the same functions; nothing here imports the web desk.
"""
