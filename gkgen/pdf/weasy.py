"""The fence around WeasyPrint: the only module that touches its internals.

gkgen fixes five things WeasyPrint 70 does (see each wrapper). Every patch is one wrapper around
one function, listed in :data:`PATCHES` with the parameter names it relies on; the wrapper reads
its arguments by those names. :func:`install` checks, once per process, that the installed
WeasyPrint is the supported version and that every patched function is there with those
parameters; what does not fit is not patched and is reported (:func:`problems`, shown as GK601
by the PDF stage) instead of being skipped in silence. :data:`DIGEST` — a hash of this module
and of :mod:`gkgen.pdf.tablefix` — is part of every PDF cache key, so a changed patch renders
every PDF again.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import io
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PDF_VARIANT = "pdf/a-3a"
SUPPORTED = "70."
"""The WeasyPrint versions the patches are written for (``weasyprint.__version__`` prefix)."""
_SCOPES = {"col": "/Column", "colgroup": "/Column", "row": "/Row", "rowgroup": "/Row"}
_FOLDED = "_gkgen_folded_mcids"
"""Attribute of a pydyf PDF: {element number: MCIDs of its text, in order} while tagging."""


def _digest() -> str:
    here = Path(__file__).resolve().parent
    data = b"".join((here / name).read_bytes() for name in ("weasy.py", "tablefix.py"))
    return hashlib.sha256(data).hexdigest()


DIGEST = _digest()


@dataclass(frozen=True)
class Patch:
    """One wrapped WeasyPrint function: where it lives, the parameters the wrapper reads by name,
    and the function that installs the wrapper."""

    module: str
    name: str
    parameters: tuple[str, ...]
    install: Callable[[Any, Any], None]
    """``install(module, original)`` replaces ``module.<name>``."""
    purpose: str


_state: dict[str, list[str]] = {}


def import_weasyprint() -> None:
    """Import WeasyPrint without probing for its libraries' other names.

    WeasyPrint 70 opens each library by trying several names ("libgobject-2.0-0",
    "gobject-2.0-0", …, "libgobject-2.0.so.0"); cffi looks every name that does not load up
    with ``ctypes.util.find_library``, which runs gcc and ldconfig: about 57 processes and
    0.3–0.5 s on every import (the `weasyprint` CLI pays it for every report). Each list also
    holds the library's file name, which loads directly, so the probing is switched off during
    the import; if a library then cannot be found, the import is done again the ordinary way.
    """
    if "weasyprint" in sys.modules:
        return
    import ctypes.util

    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # WeasyPrint prints why it failed
            import weasyprint
    except (OSError, ImportError):
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
        ctypes.util.find_library = original
        import weasyprint  # noqa: F401
    finally:
        ctypes.util.find_library = original


def install() -> list[str]:
    """Install every patch that fits the installed WeasyPrint (once per process); the problems,
    in Chinese, of what could not be patched."""
    if "problems" in _state:
        return _state["problems"]
    import importlib

    import_weasyprint()
    import weasyprint

    problems: list[str] = []
    version = str(getattr(weasyprint, "__version__", "?"))
    if not version.startswith(SUPPORTED):
        problems.append(
            f"已安装的 WeasyPrint {version} 不是 gkgen 支持的版本（{SUPPORTED}x），PDF 的标记修正可能不完整；"
            f"请安装 weasyprint=={SUPPORTED}*（如 pip install 'weasyprint>=70,<71'）"
        )
    for patch in PATCHES:
        try:
            module = importlib.import_module(patch.module)
            owner, attr = _owner(module, patch.name)
            original = owner[attr] if isinstance(owner, dict) else getattr(owner, attr)
        except (ImportError, AttributeError, KeyError):
            problems.append(f"WeasyPrint {version} 中没有 {patch.module}.{patch.name}，未能{patch.purpose}")
            continue
        if not _has_parameters(original, patch.parameters):
            problems.append(f"WeasyPrint {version} 的 {patch.module}.{patch.name} 参数已变，未能{patch.purpose}")
            continue
        patch.install(module, original)
    _state["problems"] = problems
    return problems


def problems() -> list[str]:
    """What :func:`install` could not patch (empty before it ran)."""
    return list(_state.get("problems", []))


def _owner(module: Any, name: str) -> tuple[Any, str]:
    """The object holding ``name`` ("Font.__init__" -> the Font class) and the attribute."""
    *path, attr = name.split(".")
    owner = module
    for part in path:
        owner = getattr(owner, part)
    return owner, attr


def _has_parameters(function: Any, names: tuple[str, ...]) -> bool:
    if not names:
        return True
    try:
        parameters = list(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return False
    return parameters[: len(names)] == list(names)


def _arguments(function: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
    """The arguments of a call by parameter name."""
    return dict(inspect.signature(function).bind(*args, **kwargs).arguments)


# ---------------------------------------------------------------- weasyprint.pdf.tags._build_box_tree


def _patch_box_tree(tags: Any, original: Any) -> None:
    """One wrapper of the structure-tree builder (its recursion goes through the module global,
    so every box passes through it):

    - margin boxes (page numbers) get no structure elements — they are drawn as artifacts;
    - each /Table fragment of a table split across pages gets a closed grid (tablefix);
    - every /TH gets the /Scope of its HTML ``scope`` attribute (WeasyPrint 70 writes none);
    - text spans folded while tagging (see :func:`_patch_add_tags`) are put back as MCIDs.
    """
    from weasyprint.formatting_structure import boxes

    from gkgen.pdf.tablefix import close_table_grid

    signature = inspect.signature(original)

    def build_box_tree(*args: Any, **kwargs: Any) -> Iterator[Any]:
        call = signature.bind(*args, **kwargs).arguments
        box, pdf = call["box"], call["pdf"]
        if isinstance(box, boxes.MarginBox):
            return
        for element in original(*args, **kwargs):
            if element.get("S") == "/Table":
                close_table_grid(pdf, element)
            _add_scope(box, element)
            _fold_text_spans(pdf, element)
            yield element

    tags._build_box_tree = build_box_tree


def _add_scope(box: Any, element: Any) -> None:
    html_element = getattr(box, "element", None)
    if (
        element.get("S") == "/TH"
        and html_element is not None
        and getattr(box, "element_tag", None) == "th"
        and "A" in element
    ):
        scope = (html_element.get("scope") or "col").lower()
        element["A"]["Scope"] = _SCOPES.get(scope, "/Column")


def _fold_text_spans(pdf: Any, element: Any) -> None:
    """Replace ``element``'s references to itself in /K by its folded MCIDs, in order."""
    mcids = getattr(pdf, _FOLDED, {}).pop(element.number, None)
    if not mcids:
        return
    own = element.reference
    queue = iter(mcids)
    element["K"][:] = [next(queue) if kid == own else kid for kid in element["K"]]


# ---------------------------------------------------------------- weasyprint.pdf.add_tags


def _patch_add_tags(module: Any, original: Any) -> None:
    """Put the marked text of an element straight into its /K instead of one /Span each.

    WeasyPrint 70 wraps every line of text in its own /Span structure element (about half of a
    report's structure tree) with nothing but one MCID in it. While ``add_tags`` runs, such a
    /Span is not added to the PDF: it takes its parent's object number, so the parent tree maps
    the MCID to the parent and the parent's /K holds a reference to itself, which the box-tree
    wrapper replaces by the MCID when the parent is complete.
    """

    def add_tags(*args: Any, **kwargs: Any) -> Any:
        pdf = _arguments(original, args, kwargs)["pdf"]
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
            return original(*args, **kwargs)
        finally:
            del pdf.add_object
            delattr(pdf, _FOLDED)

    module.add_tags = add_tags


# ---------------------------------------------------------------- weasyprint.draw.draw_stacking_context


def _patch_draw_stacking_context(draw: Any, original: Any) -> None:
    """Draw what page margins hold (the page numbers) inside ``/Artifact BMC … EMC`` with marking
    switched off: WeasyPrint 70 tags margin-box text with MCIDs that point outside the structure
    tree (it marks them as artifacts only in PDF 2.0)."""
    from weasyprint.formatting_structure import boxes

    def draw_stacking_context(*args: Any, **kwargs: Any) -> None:
        call = _arguments(original, args, kwargs)
        stream, context = call["stream"], call["stacking_context"]
        if not isinstance(context.box, boxes.MarginBox) or stream._tags is None:
            original(*args, **kwargs)
            return
        with stream.artifact():
            marks, stream._tags = stream._tags, None
            try:
                original(*args, **kwargs)
            finally:
                stream._tags = marks

    draw.draw_stacking_context = draw_stacking_context


# ---------------------------------------------------------------- the PDF/A-3a variant


def _patch_pdfa_variant(module: Any, original: Any) -> None:
    """WeasyPrint 70 lists every attachment twice in the catalog's /AF; keep each once."""
    import pydyf  # type: ignore[import-untyped]

    function, properties = original

    def variant(*args: Any, **kwargs: Any) -> Any:
        pdf = _arguments(function, args, kwargs)["pdf"]
        result = function(*args, **kwargs)
        if "AF" in pdf.catalog:
            pdf.catalog["AF"] = pydyf.Array(list(dict.fromkeys(pdf.catalog["AF"])))
        return result

    module.VARIANTS[PDF_VARIANT] = (variant, properties)


# ---------------------------------------------------------------- weasyprint.pdf.fonts.Font.__init__


def _patch_font_init(fonts: Any, original: Any) -> None:
    """Do not copy whole font files into Python for every document.

    ``Font.__init__`` copies the complete font blob (20–30 MB for a Noto CJK collection) into
    ``file_content``; with HarfBuzz subsetting that copy is replaced by the subset before it is
    ever read, and it cost about 0.07 s per report. The blob is now read only if something reads
    ``file_content`` before the subset replaces it.
    """
    original_get = fonts.get_hb_object_data
    lazy = object()

    def skip(*args: Any, **kwargs: Any) -> object:
        return lazy

    def init(*args: Any, **kwargs: Any) -> None:
        fonts.get_hb_object_data = skip
        try:
            original(*args, **kwargs)
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

    fonts.Font.__init__ = init
    fonts.Font.file_content = property(get_content, set_content)


PATCHES: tuple[Patch, ...] = (
    Patch(
        "weasyprint.pdf.tags",
        "_build_box_tree",
        ("box", "parent", "pdf"),
        _patch_box_tree,
        "修正表格标记（/Scope、跨页表格）与页码的标记",
    ),
    Patch("weasyprint.pdf", "add_tags", ("pdf",), _patch_add_tags, "精简文字的结构元素"),
    Patch(
        "weasyprint.draw",
        "draw_stacking_context",
        ("stream", "stacking_context"),
        _patch_draw_stacking_context,
        "把页码标为 Artifact",
    ),
    Patch("weasyprint.pdf", f"VARIANTS.{PDF_VARIANT}", (), _patch_pdfa_variant, "去掉重复的附件登记（/AF）"),
    Patch("weasyprint.pdf.fonts", "Font.__init__", ("self",), _patch_font_init, "避免复制整个字体文件"),
)
