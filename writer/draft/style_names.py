"""Names of jixiao's own paragraph styles, shared by the skeleton (docx_style) and the builder
(docx_build) without importing python-docx."""

TABLE_TEXT = "Table Text"
TABLE_CAPTION = "Table Caption"
COVER_FIELD = "Cover Field"
ATTACHMENT_LABEL = "Attachment Label"
