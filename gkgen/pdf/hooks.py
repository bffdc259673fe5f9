"""Targeted fixes of WeasyPrint 70 behaviour, installed once per process before rendering.

Each hook checks that the internal it wraps exists and otherwise leaves WeasyPrint alone (the
output is then still valid, only without that fix). Tests cover each effect.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

PDF_VARIANT = "pdf/a-3a"
_SCOPES = {"col": "/Column", "colgroup": "/Column", "row": "/Row", "rowgroup": "/Row"}
_installed = False


def install_hooks() -> None:
    """Install every hook (idempotent)."""
    global _installed
    if _installed:
        return
    for hook in (
        install_table_scope_hook,
        _install_text_span_folding,
        _install_margin_artifacts,
        _install_af_dedup,
        _install_lazy_font_data,
    ):
        try:
            hook()
        except (AttributeError, ImportError, KeyError):  # another WeasyPrint version
            continue
    _installed = True


def install_table_scope_hook() -> None:
    """Give every /TH structure element a /Scope taken from the HTML ``scope`` attribute.

    WeasyPrint 70 writes /TH elements without /Scope. Matching them up afterwards is fragile
    (split tables repeat their header rows and continue rowspan cells on the next page), so the
    attribute is added where WeasyPrint builds the element, from the very box it is built for:
    ``weasyprint.pdf.tags._build_box_tree`` is wrapped (its recursion goes through the module
    global, so every cell passes through the wrapper).
    """
    from weasyprint.pdf import tags

    from gkgen.pdf.tablefix import close_table_grid

    original = tags._build_box_tree

    def build_box_tree(box: Any, parent: Any, *args: Any) -> Iterator[Any]:
        for element in original(box, parent, *args):
            if element.get("S") == "/Table":
                close_table_grid(args[0], element)
            html_element = getattr(box, "element", None)
            if (
                element.get("S") == "/TH"
                and html_element is not None
                and getattr(box, "element_tag", None) == "th"
                and "A" in element
            ):
                scope = (html_element.get("scope") or "col").lower()
                element["A"]["Scope"] = _SCOPES.get(scope, "/Column")
            yield element

    tags._build_box_tree = build_box_tree


_FOLDED = "_gkgen_folded_mcids"
"""Attribute of a pydyf PDF: {element number: MCIDs of its text, in order} while tagging."""


def _install_text_span_folding() -> None:
    """Put the marked text of an element straight into its /K instead of one /Span each.

    WeasyPrint 70 wraps every line of text in its own /Span structure element (about half of a
    report's structure tree) with nothing but one MCID in it. While ``add_tags`` runs, such a
    /Span is not added to the PDF: it takes its parent's object number, so the parent tree maps
    the MCID to the parent and the parent's /K holds a reference to itself, which is replaced
    by the MCID when the parent is complete. The marked content and the reading order stay the
    same; WeasyPrint itself puts the MCIDs of a link's text straight into the /Link element.
    """
    import weasyprint.pdf
    from weasyprint.pdf import tags

    original = weasyprint.pdf.add_tags
    original_tree = tags._build_box_tree

    def build_box_tree(box: Any, parent: Any, *args: Any) -> Iterator[Any]:
        for element in original_tree(box, parent, *args):
            _fold_text_spans(args[0], element)
            yield element

    def add_tags(pdf: Any, *args: Any, **kwargs: Any) -> Any:
        folded: dict[int, list[int]] = {}
        add_object = pdf.add_object

        def add(obj: Any) -> None:
            kids = obj.get("K") if isinstance(obj, dict) else None
            if (
                kids is not None
                and obj.get("S") == "/Span"
                and len(kids) == 1
                and isinstance(kids[0], int)
                and "P" in obj
                and "A" not in obj
            ):
                obj.number = int(bytes(obj["P"]).split()[0])
                folded.setdefault(obj.number, []).append(kids[0])
            else:
                add_object(obj)

        pdf.add_object = add
        setattr(pdf, _FOLDED, folded)
        try:
            return original(pdf, *args, **kwargs)
        finally:
            del pdf.add_object
            delattr(pdf, _FOLDED)

    tags._build_box_tree = build_box_tree
    weasyprint.pdf.add_tags = add_tags


def _fold_text_spans(pdf: Any, element: Any) -> None:
    """Replace ``element``'s references to itself in /K by its folded MCIDs, in order."""
    mcids = getattr(pdf, _FOLDED, {}).pop(element.number, None)
    if not mcids:
        return
    own = element.reference
    queue = iter(mcids)
    element["K"][:] = [next(queue) if kid == own else kid for kid in element["K"]]


def _install_margin_artifacts() -> None:
    """Mark what page margins hold (the page numbers) as /Artifact, not as tagged content.

    WeasyPrint 70 tags the text of margin boxes with MCIDs that point at structure elements
    left out of the tree (it marks them as artifacts only in PDF 2.0), so readers and PDF/UA
    checkers meet content that is neither in the tree nor an artifact. Here a margin box is
    drawn inside ``/Artifact BMC … EMC`` with marking switched off, and the tagging step skips
    margin boxes, which then have no marked content to map.
    """
    from weasyprint import draw
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf import tags

    original_draw = draw.draw_stacking_context
    original_tree = tags._build_box_tree

    def draw_stacking_context(stream: Any, stacking_context: Any) -> None:
        if not isinstance(stacking_context.box, boxes.MarginBox) or stream._tags is None:
            original_draw(stream, stacking_context)
            return
        with stream.artifact():
            marks, stream._tags = stream._tags, None
            try:
                original_draw(stream, stacking_context)
            finally:
                stream._tags = marks

    def build_box_tree(box: Any, *args: Any) -> Iterator[Any]:
        if isinstance(box, boxes.MarginBox):
            return iter(())
        return original_tree(box, *args)  # type: ignore[no-any-return]

    draw.draw_stacking_context = draw_stacking_context
    tags._build_box_tree = build_box_tree


def _install_af_dedup() -> None:
    """WeasyPrint 70 lists every attachment twice in the catalog's /AF; keep each once."""
    import pydyf  # type: ignore[import-untyped]
    from weasyprint.pdf import VARIANTS

    original, properties = VARIANTS[PDF_VARIANT]

    def variant(pdf: Any, *args: Any, **kwargs: Any) -> Any:
        result = original(pdf, *args, **kwargs)
        if "AF" in pdf.catalog:
            unique = list(dict.fromkeys(pdf.catalog["AF"]))
            pdf.catalog["AF"] = pydyf.Array(unique)
        return result

    VARIANTS[PDF_VARIANT] = (variant, properties)


def _install_lazy_font_data() -> None:
    """Do not copy whole font files into Python for every document.

    ``weasyprint.pdf.fonts.Font.__init__`` copies the complete font blob (20–30 MB for a Noto CJK
    collection) into ``file_content``; with HarfBuzz subsetting that copy is replaced by the
    subset before it is ever read, and it cost about 0.07 s per report. The blob is now read only
    if something reads ``file_content`` before the subset replaces it.
    """
    from weasyprint.pdf import fonts

    font_class = fonts.Font
    original_init = font_class.__init__
    original_get = fonts.get_hb_object_data
    lazy = object()

    def skip(*args: Any, **kwargs: Any) -> object:
        return lazy

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        fonts.get_hb_object_data = skip
        try:
            original_init(self, *args, **kwargs)
        finally:
            fonts.get_hb_object_data = original_get

    def get_content(self: Any) -> Any:
        value = self.__dict__.get("_gkgen_file_content", lazy)
        if value is lazy:
            value = original_get(self.hb_face)
            self.__dict__["_gkgen_file_content"] = value
        return value

    def set_content(self: Any, value: Any) -> None:
        self.__dict__["_gkgen_file_content"] = value

    font_class.__init__ = init
    font_class.file_content = property(get_content, set_content)
