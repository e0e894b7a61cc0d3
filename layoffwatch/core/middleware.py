from django.conf import settings
from django.utils import translation


class SecurityHeadersMiddleware:
    """CSP without any external origin: the intranet has no internet and we load nothing from a CDN."""

    CSP = (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
        "form-action 'self'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.CSP)
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


class ChineseFirstLocaleMiddleware:
    """Chinese unless the user chose English with the language switch (ADR 0007).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an English-language
    Windows in a town office would show English to a Chinese user; here only the explicit choice
    (the language cookie set by /i18n/setlang/) counts.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        choice = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = choice if choice in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        # why override, not activate: the language is the request's; a thread that served an
        # English page must not go on in English (a queue job, a command, the next test)
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        response.headers["Vary"] = ", ".join(filter(None, [response.headers.get("Vary"), "Cookie"]))
        return response
