"""Questionnaires defined as data: the format, the type registry and the loader."""

from questionnaires.errors import Problem, QuestionnaireError
from questionnaires.loader import definition_files, load_directory, load_file
from questionnaires.model import Condition, Option, Page, Question, Questionnaire, Text
from questionnaires.types import REGISTRY, get_type

__all__ = [
    "REGISTRY",
    "Condition",
    "Option",
    "Page",
    "Problem",
    "Question",
    "Questionnaire",
    "QuestionnaireError",
    "Text",
    "definition_files",
    "get_type",
    "load_directory",
    "load_file",
]
