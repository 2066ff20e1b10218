"""The one exception a domain rule raises to refuse a change."""


class RuleViolation(ValueError):
    """A rule refused a change. The message is written for the person who asked for it
    (Bahasa Indonesia msgid); `field` names the attribute it is about, when there is one.
    """

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field
