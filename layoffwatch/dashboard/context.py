from .navigation import stages_for


def navigation(request):
    """The sidebar's stages for the signed-in user (settings: TEMPLATES' context processors)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_stages": stages_for(user)}
