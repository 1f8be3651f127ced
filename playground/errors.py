"""The one base class for problems a person can fix (a bad layer, an offline dataset, a bad file).

Its message is a plain sentence that says what to do. The UI shows it as it is and
logs it as one line; anything else that escapes a handler is a bug, logged with its
traceback.
"""


class UserError(Exception):
    """Something a person can fix; the message says what, in plain words."""
