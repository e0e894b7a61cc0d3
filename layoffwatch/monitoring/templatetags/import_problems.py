"""A feed import's problems in the reader's language (ADR 0100, amended 2026-12-07 (2)):
`{{ p|problem_shown }}` of a problem a run or a job keeps (`importing.Problem.as_dict()`: its
Chinese "message" and the message "said"), or of a job's failure ({"message", "said"}); a
problem stored before reads as stored."""

from django import template

from layoffwatch.monitoring.importing import problem_shown as _problem_shown

register = template.Library()


@register.filter
def problem_shown(problem):
    return _problem_shown(problem)
