from ninja.security import HttpBearer

from layoffwatch.accounts.services import token_user


class TokenAuth(HttpBearer):
    """Authorization: Bearer <token>. The request then acts as the token's user (role and scope)."""

    def authenticate(self, request, token):
        user = token_user(token)
        if user is not None:
            request.user = user
        return user
