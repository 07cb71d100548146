"""Jinja templates: the user's folder first, then the packaged defaults; always sandboxed.

Templates hold the wording, code holds the logic. A template cannot reach Python internals
(SandboxedEnvironment) and a typo is an error naming the template and line (StrictUndefined).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from .errors import DtrackError


class TemplateProblem(DtrackError):
    """A template that cannot be loaded or rendered; the message names the template and line."""


def packaged_templates() -> Path:
    from .resources import bundled  # lazy: start-up time

    return bundled("templates", "templates")


def environment(
    user_dir: Path | None = None,
    *,
    autoescape: bool = False,
    trim: bool = True,
    reload: bool = True,
):
    """One environment per folder and settings: a template is compiled once, not per letter.
    With `reload` false, a template once loaded is not checked again for changes: for a run
    that renders thousands of pages (dtrack site), each of which would stat() every template
    it uses (~8,300 on five years' site)."""
    if user_dir is not None:
        user_dir = Path(user_dir).absolute()  # "mau" is another folder once the cwd changes
    return _environment(user_dir, autoescape, trim, reload)


@functools.lru_cache(maxsize=8)
def _environment(user_dir: Path | None, autoescape: bool, trim: bool, reload: bool):
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined  # lazy: start-up time
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    loaders = []
    if user_dir is not None:
        loaders.append(FileSystemLoader(str(user_dir), encoding="utf-8"))
    loaders.append(FileSystemLoader(str(packaged_templates()), encoding="utf-8"))
    return ImmutableSandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=True,
        trim_blocks=trim,
        lstrip_blocks=trim,
        auto_reload=reload,
    )


def render(
    name: str, context: dict, user_dir: Path | None = None, *, autoescape: bool = False
) -> str:
    """Render template `name`; any Jinja problem becomes a TemplateProblem with name and line."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError  # lazy: start-up time
    from jinja2.sandbox import SecurityError

    env = environment(user_dir, autoescape=autoescape)
    try:
        template = env.get_template(name)
        return template.render(**context)
    except TemplateNotFound as exc:  # `name` itself, or a template it includes
        raise TemplateProblem(f"Không tìm thấy mẫu '{exc.name or name}'.") from None
    except TemplateSyntaxError as exc:
        where = exc.filename or exc.name or name
        raise TemplateProblem(
            f"{where}:{exc.lineno}: lỗi cú pháp mẫu: {jinja_message(exc)}"
        ) from None
    except SecurityError as exc:
        line = _template_line(exc, name)
        raise TemplateProblem(
            f"{name}:{line}: thao tác không được phép: {jinja_message(exc)}"
        ) from None
    except TemplateError as exc:
        line = _template_line(exc, name)
        raise TemplateProblem(f"{name}:{line}: lỗi khi điền mẫu: {jinja_message(exc)}") from None
    except Exception as exc:  # Python raised inside a user's template ({{ 1/0 }})
        line = _template_line(exc, name)
        raise TemplateProblem(
            f"{name}:{line}: lỗi khi điền mẫu: {type(exc).__name__}: {exc}"
        ) from None


_JINJA_MESSAGES = (
    (re.compile(r"^'([^']+)' is undefined$"), "biến '{0}' không có trong dữ liệu"),
    (re.compile(r"^'(.+)' has no attribute '([^']+)'$"), "'{0}' không có thuộc tính '{1}'"),
    (
        re.compile(r"^access to attribute '([^']+)' of '([^']+)' object is unsafe\.?$"),
        "mẫu chạy trong hộp cát: không được truy cập thuộc tính '{0}'",
    ),
    (re.compile(r"^(.+) is not safely callable$"), "mẫu chạy trong hộp cát: không được gọi {0}"),
    (re.compile(r"^unexpected end of template.*$"), "mẫu kết thúc đột ngột (thiếu thẻ đóng)"),
    (re.compile(r"^Encountered unknown tag '([^']+)'.*$"), "thẻ không rõ '{0}'"),
    (re.compile(r"^unexpected '(.+)'$"), "ký tự không mong đợi '{0}'"),
    (re.compile(r"^expected token '(.+)', got '(.+)'$"), "cần '{0}' nhưng gặp '{1}'"),
    (re.compile(r"^no filter named '([^']+)'\.?$", re.I), "không có bộ lọc '{0}'"),
    (re.compile(r"^no test named '([^']+)'\.?$", re.I), "không có phép thử '{0}'"),
    (
        re.compile(r"^expected an expression.*$", re.I),
        "thiếu biểu thức (chỗ trống sau '{{{{' hay '{{%')",
    ),
)


def jinja_message(exc: BaseException) -> str:
    """Jinja's English message in Vietnamese; an unknown one is kept, marked as detail."""
    from .i18n import translate  # lazy: start-up time

    text = (getattr(exc, "message", None) or str(exc)).strip()
    return translate(text, _JINJA_MESSAGES) or f"chi tiết: {text}"


def _template_line(exc: BaseException, name: str) -> str:
    """The line in the template where rendering failed, from the traceback Jinja rewrites."""
    tb = exc.__traceback__
    line = "?"
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(name):
            line = str(tb.tb_lineno)
        tb = tb.tb_next
    return line
