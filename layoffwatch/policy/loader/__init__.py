"""Dated policy parameters: load, validate, resolve on a date, identify the version (ADR 0010, 0013),
for every parameter file registered with the policy (ADR 0092).

A parameter file is YAML in the OpenFisca style: every value that the plan (or a law, or a bureau
decision) sets is a mapping from its effective date to `{value: …, reference: …}`; `value: null`
retires it from that date. Nothing here reads the database or the clock: callers pass the date
and, when the administrator has added revisions, the revised file texts.

The package, in reading order:
  problems     Problem, PolicyError (file, key path, Chinese and English)
  reading      parse_yaml (strict: duplicate keys refused)
  schema       the schema types (Int, Num, Record, DatedS …) and the dated value (Dated)
  resolving    dated_nodes, change_dates, resolve: walking a checked file
  registry     register_parameters, parameter_files, validate_text: every file of every app
  crosschecks  the per-date checks of the policy's own files
  files        the policy's own files (`policy/parameters/*.yaml`), registered
  policy       Policy (at, version, history, with_file), check_revision, load_directory
"""

from .codes import LEVELS, SECTION_CODES
from .files import PARAMETERS_DIR
from .policy import (
    BUNDLED,
    FILESET,
    ParamFile,
    Policy,
    bundled_policy,
    check_revision,
    load_directory,
    read_bundled,
)
from .problems import PolicyError, Problem
from .reading import parse_yaml
from .registry import (
    ParameterFile,
    parameter_file,
    parameter_files,
    register_parameters,
    registered_keys,
    validate_text,
)
from .resolving import change_dates, dated_nodes, plain, resolve
from .schema import (
    Bool,
    Code,
    Ctx,
    Dated,
    DatedS,
    Int,
    ListOf,
    MapOf,
    Num,
    Optional,
    Record,
    S,
    Str,
)

__all__ = [
    "BUNDLED",
    "FILESET",
    "LEVELS",
    "PARAMETERS_DIR",
    "SECTION_CODES",
    "Bool",
    "Code",
    "Ctx",
    "Dated",
    "DatedS",
    "Int",
    "ListOf",
    "MapOf",
    "Num",
    "Optional",
    "ParamFile",
    "ParameterFile",
    "Policy",
    "PolicyError",
    "Problem",
    "Record",
    "S",
    "Str",
    "bundled_policy",
    "change_dates",
    "check_revision",
    "dated_nodes",
    "load_directory",
    "parameter_file",
    "parameter_files",
    "parse_yaml",
    "plain",
    "read_bundled",
    "register_parameters",
    "registered_keys",
    "resolve",
    "validate_text",
]
