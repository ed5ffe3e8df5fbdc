"""People: add users, check passwords, list them. Called by the CLI and the sign-in page."""

from marshmallow import Schema, ValidationError, fields, validate
from sqlalchemy import func, select

from core.constants import Roles
from core.models.people import User


class NewUserSchema(Schema):
    email = fields.Email(required=True)
    display_name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    role = fields.String(required=True, validate=validate.OneOf(Roles.ALL))
    password = fields.String(required=True, validate=validate.Length(min=12, error="Use at least 12 characters."))


def add_user(session, **data):
    """Validate and store a new user; return it. Raises ValidationError naming each bad field."""
    loaded = NewUserSchema().load(data)
    email = loaded["email"].strip().lower()
    if session.scalar(select(User.id).where(func.lower(User.email) == email)):
        raise ValidationError({"email": [f"A user with the email {email} already exists."]})
    user = User(email=email, display_name=loaded["display_name"], role=loaded["role"])
    user.set_password(loaded["password"])
    session.add(user)
    session.flush()
    return user


def authenticate(session, email, password):
    """Return the active user with this email and password, or None (in equal time: see core.auth.passwords)."""
    from core.auth.passwords import authenticate as check

    return check(session, email, password)
