"""Template context for the navigation: how many notifications the user has not read."""
from . import selectors


def inbox(request):
    """``proposals_unread`` for the "Mijn acties" link (nothing for anonymous visitors)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"proposals_unread": selectors.unread_count(user)}
