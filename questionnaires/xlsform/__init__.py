"""XLSForm import and export, so councils can bring forms from ODK, KoboToolbox and Enketo.

``export_xlsform`` writes a loaded questionnaire as survey, choices and settings
sheets; ``import_xlsform`` reads one back through the loader every definition
goes through, refusing what cannot be represented rather than dropping it.
"""

from questionnaires.xlsform.export import export_xlsform, workbook
from questionnaires.xlsform.importer import ImportResult, import_xlsform

__all__ = ["ImportResult", "export_xlsform", "import_xlsform", "workbook"]
