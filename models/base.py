"""Shared building blocks of the models: enumerations with labels and common columns."""

from datetime import UTC, datetime
from enum import StrEnum

from flask_appbuilder import Model as Model  # re-exported: the declarative base of every table
from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column


def utcnow():
    return datetime.now(UTC).replace(tzinfo=None)


class Choice(StrEnum):
    """A string enumeration whose members carry a translatable label.

    The database stores the value (a stable code); screens show the label.
    """

    def __new__(cls, value, label):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def choices(cls):
        return [(member.value, member.label) for member in cls]

    @classmethod
    def label_of(cls, value):
        try:
            return cls(value).label
        except ValueError:
            return value or ""


def choice_column(choice, **kwargs):
    width = max(len(member.value) for member in choice)
    return mapped_column(String(max(width, 16)), **kwargs)


def check_choice(column_name, choice, table):
    """CHECK constraint that keeps an enumerated column within its choices."""
    values = ", ".join(f"'{member.value}'" for member in choice)
    return CheckConstraint(f"{column_name} IN ({values})", name=f"ck_{table}_{column_name}")


def user_fk(**kwargs):
    return mapped_column(Integer, ForeignKey("ab_user.id"), **kwargs)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow, nullable=False
    )
