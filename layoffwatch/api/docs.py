"""The API docs page (/api/v1/docs) from our own static files (ADR 0085): the intranet has no
internet and the CSP allows scripts from 'self' only, so ninja's default (Swagger UI from a CDN,
or its inline settings) shows an empty page there."""

from django.shortcuts import render
from ninja.openapi.docs import Swagger


class VendoredSwagger(Swagger):
    template = "api/docs.html"

    def render_page(self, request, api, **kwargs):
        return render(
            request,
            self.template,
            {"api": api, "openapi_url": self.get_openapi_url(api, kwargs)},
        )
