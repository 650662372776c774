"""Messages of the roster import, as constants so tests match them.

Each message says what is wrong and how to fix it. Row errors are shown as
``第{row}行 {column}：{message}`` (see :data:`ROW_ERROR_FORMAT`).
"""

from django.utils.translation import gettext_lazy as _

ROW_ERROR_FORMAT = _("Row %(row)s %(column)s: %(message)s")

# --- the file as a whole -------------------------------------------------------
FILE_TYPE = _(
    "Files of type “%(suffix)s” cannot be imported. Save the sheet as .xlsx "
    "(.xls and .csv are accepted too) and upload it again."
)
FILE_TOO_LARGE = _(
    "The file is %(size)s; the limit is %(limit)s. Remove unused sheets and "
    "pictures or split the roster into several files."
)
FILE_EMPTY = _("The file is empty. Choose the filled-in roster and upload it again.")
FILE_CORRUPT = _(
    "The file is damaged and cannot be opened. Open it in Excel or WPS, save it "
    "again as .xlsx and upload the new file."
)
FILE_FAKE = _(
    "The file is named %(suffix)s but is not an Excel workbook (perhaps another "
    "file was renamed). Open it in Excel or WPS and save it as .xlsx."
)
FILE_PROTECTED = _(
    "The file is an old .xls workbook or is protected by a password. Remove the "
    "password, save it as .xlsx and upload it again."
)
FILE_ENCODING = _(
    "The CSV file is neither UTF-8 nor GBK text. Save it as .xlsx instead."
)
TOO_MANY_SHEETS = _(
    "The workbook has %(count)d sheets; at most %(max)d are accepted. Delete the "
    "sheets that are not part of the roster."
)
# --- a hostile or broken workbook (see guard.py) --------------------------------
ZIP_TOO_MANY_MEMBERS = _(
    "The workbook consists of %(count)d parts; at most %(max)d are accepted. "
    "Open it in Excel or WPS, copy the roster into a new workbook and upload that."
)
ZIP_MEMBER_TOO_LARGE = _(
    "A part of the workbook unpacks to %(mb)d MB; at most %(max)d MB are accepted. "
    "Copy the roster into a new workbook (values only) and upload that."
)
ZIP_TOO_LARGE = _(
    "The workbook unpacks to %(mb)d MB; at most %(max)d MB are accepted. "
    "Copy the roster into a new workbook (values only) and upload that."
)
ZIP_RATIO = _(
    "A part of the workbook is compressed %(ratio)d times (at most %(max)d): "
    "this is not a normal spreadsheet. Copy the roster into a new workbook and upload that."
)
XML_DTD = _(
    "The workbook contains XML declarations (DOCTYPE/ENTITY) that Excel and WPS "
    "never write; it was refused for safety. Save the roster again from Excel or WPS."
)
COLUMN_TOO_FAR = _(
    "The sheet has a cell in column %(column)s; columns beyond %(max)s are not "
    "accepted. Delete the columns to the right of the roster and save again."
)
ROW_TOO_FAR = _(
    "The sheet has a cell in row %(row)d, beyond the last row a spreadsheet can have. "
    "Save the roster again from Excel or WPS."
)
TOO_MANY_CELLS = _(
    "The workbook has more than %(max)d filled cells. Delete unused sheets, rows "
    "and columns, or split the roster into several files."
)
GRID_TOO_LARGE = _(
    "The sheet's cells span %(rows)d rows × %(columns)d columns, more than %(max)d "
    "cells. Delete stray cells far below or to the right of the roster and save again."
)
TOO_MANY_SHARED_STRINGS = _(
    "The workbook holds more than %(max)d different texts. Delete unused sheets or "
    "split the roster into several files."
)
IMPORT_TIME_LIMIT = _(
    "Checking the file took longer than %(seconds)d seconds and was stopped; "
    "nothing was written. Split the roster into smaller files and upload them one by one."
)
TOO_MANY_ROWS = _(
    "The sheet has more than %(max)d data rows. Split the roster into several "
    "files of at most %(max)d rows."
)
NO_HEADER = _(
    "No header row was found in the first %(rows)d rows of any sheet. The header "
    "needs at least the columns 姓名, 身份证号码 and 所在村; download the template "
    "to see the expected layout."
)
MISSING_COLUMN = _(
    "The column is missing. Add a column headed “%(column)s” (see the template)."
)
DUPLICATE_COLUMN = _(
    "The column appears twice (columns %(first)s and %(second)s). Delete one of them."
)
NO_ROWS = _("There are no data rows below the header.")
IGNORED_COLUMNS = _("Columns not recognised and ignored: %(columns)s.")
DERIVED_COLUMN = _(
    "Column “%(column)s” is worked out from the ID number and was ignored."
)
TOWNSHIP_UNKNOWN = _("There is no township with the code “%(code)s”.")

# --- a cell ----------------------------------------------------------------------
REQUIRED = _("Required; fill it in.")
TOO_LONG = _("At most %(max)d characters are allowed; this has %(length)d.")
EXAMPLE_ROW = _("This is the example row of the template. Delete it before importing.")
ID_TRUNCATED = _(
    "Excel stored the ID number as a number and cut off its last digits. Set the "
    "column's format to Text and type the number again from the ID card."
)
ID_DUPLICATE = _(
    "The same ID number with the same category is already in row %(row)s. Delete "
    "one of the two rows."
)
ID_DUPLICATE_PERSON = _(
    "The same ID number is already in row %(row)s, also without a category. "
    "Delete one of the two rows."
)
ID_CONFLICT = _(
    "Row %(row)s has the same ID number with a different %(column)s (“%(other)s”). "
    "One person's data must agree in every row."
)
ID_OTHER_TOWNSHIP = _(
    "This person is already on the roster of another township. Ask the county "
    "organisation department to move them first."
)
VILLAGE_UNKNOWN = _("Unknown village “%(value)s”. Valid names: %(names)s.")
VILLAGE_AMBIGUOUS = _(
    "“%(value)s” exists in several townships (%(townships)s). Choose the township "
    "(command line: --township CODE)."
)
GENDER_CONTRADICTS = _(
    "“%(value)s” contradicts the ID number, which belongs to a %(gender)s person. "
    "Check the ID card."
)
BIRTH_CONTRADICTS = _(
    "%(value)s contradicts the ID number, which gives %(date)s. Check the ID card."
)
CHOICE_UNKNOWN = _("Unknown value “%(value)s”. Allowed: %(allowed)s.")
DATE_INVALID = _(
    "“%(value)s” is not a date. Write it as 1985-03-01, 1985.03, 1985年3月 or 19850301."
)
DATE_AMBIGUOUS = _(
    "%(value)s may mean January or October: Excel turned 1985.10 into the number "
    "1985.1. Set the column's format to Text and type the date again."
)
DATE_FUTURE = _("%(value)s lies in the future. Check the date.")
PHONE_INVALID = _(
    "“%(value)s” is not a phone number. Write 11 digits for a mobile phone or "
    "area code and number for a landline."
)
POST_NEEDS_CATEGORY = _(
    "“%(value)s” exists on several committees. Fill in the column 类别 "
    "(村党组织, 村委会 or 村务监督委员会)."
)
POST_NOT_IN_CATEGORY = _(
    "“%(value)s” is not a post of %(category)s. Allowed: %(allowed)s."
)
POST_NOT_ALLOWED = _("%(category)s has no posts; leave 职务 empty.")
COMMITTEE_NEEDS_POST = _("Fill in the post (职务) of this committee member.")
TALENT_NEEDS_KIND = _("Fill in the kind of talent (人才类型). Allowed: %(allowed)s.")
PARTY_POST_NEEDS_MEMBER = _(
    "Members of the village Party organisation must be Party members, but the "
    "political status is “%(value)s”."
)
PARTY_MEMBER_STATUS = _(
    "The category is Party member, but the political status is “%(value)s”. "
    "Correct one of the two."
)
PARTY_KIND_CONTRADICTS = _(
    "“%(value)s” contradicts the political status “%(status)s”. Correct one of the two."
)
EXCLUSION_NEEDS_REASON = _(
    "A Party member not counted in 应到会 needs the reason (不计入原因) and the approval."
)
END_BEFORE_START = _("The end date is before the start date.")
