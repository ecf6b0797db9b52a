"""Ruby and PHP errors on screen: the exception, where it was raised, and the usual fix.

    NoMethodError (undefined method `email' for nil:NilClass):      # a Rails log
    app/services/receipt_mailer.rb:14:in `deliver'
    PHP Fatal error:  Uncaught Error: Call to undefined function mysqli_connect() in /srv/db.php:6

Both languages print the innermost frame first; the analysis stores outermost first, like every
other kind. Two errors whose message misleads get their usual fix (prompts/ocr.yaml): a method
called on nil ("undefined method for nil" is about the missing object, not the method), and a
PHP function that belongs to an extension that is not installed or enabled (mysqli, curl, gd, ...).
"""

from __future__ import annotations

import re

from assistant.tools.ocr.screen_analysis import CodeLocation, ScreenAnalysis

_Q = "[`'\u2018\u2019\"]"
# "NoMethodError (undefined method `email' for nil:NilClass):" (Rails' log)
_RB_LOGGED = re.compile(r"^\s*(?P<type>[A-Z]\w*(?:::[A-Z]\w*)*(?:Error|Exception|NotFound|Invalid|Missing\w*))"
                        r"\s*\((?P<msg>.+)\):?\s*$")
# "app.rb:3:in `run': undefined method `x' for nil (NoMethodError)" (ruby itself)
_RB_RAISED = re.compile(rf"^\s*(?P<path>[^\s:]+\.(?:rb|rake|erb)):(?P<line>\d+):in\s*{_Q}(?P<func>[^`'\u2019]+){_Q}"
                        r":\s*(?P<msg>.+?)\s*\((?P<type>[A-Z][\w:]*)\)\s*$")
_RB_FRAME = re.compile(rf"^\s*(?:from\s+)?(?P<path>[^\s:]+\.(?:rb|rake|erb|haml|slim)):(?P<line>\d+)"
                       rf"(?::in\s*{_Q}(?P<func>[^`'\u2019]+){_Q})?")
_RB_NIL = re.compile(rf"undefined method\s*{_Q}(?P<method>[^`'\u2019]+){_Q}\s*for\s*(?:nil\b|an instance of NilClass)")

_PHP_ERROR = re.compile(
    r"(?:PHP\s+)?(?P<level>Fatal error|Parse error|Warning|Notice|Deprecated):\s+(?:Uncaught\s+(?P<type>[\w\\]+):\s+)?"
    r"(?P<msg>.+?)\s+in\s+(?P<path>\S+?\.php)(?::(?P<line>\d+)|\s+on\s+line\s+(?P<line2>\d+))")
_PHP_FRAME = re.compile(r"^\s*#\d+\s+(?P<path>\S+?\.php)\((?P<line>\d+)\):\s*(?P<func>[\w\\:>-]+)?")
_PHP_UNDEFINED = re.compile(r"Call to undefined function\s+(?P<func>[\w\\]+)\(")
PHP_EXTENSIONS = (("mysqli_", "mysqli", "mysql"), ("curl_", "curl", "curl"), ("mb_", "mbstring", "mbstring"),
                  ("imagecreate", "gd", "gd"), ("imagecopy", "gd", "gd"), ("imagepng", "gd", "gd"),
                  ("imagejpeg", "gd", "gd"), ("zip_", "zip", "zip"), ("simplexml_", "simplexml", "xml"),
                  ("xml_parser", "xml", "xml"), ("intl_", "intl", "intl"), ("numfmt_", "intl", "intl"),
                  ("idn_to_", "intl", "intl"), ("sodium_", "sodium", "sodium"), ("bcadd", "bcmath", "bcmath"),
                  ("bcmul", "bcmath", "bcmath"), ("bcdiv", "bcmath", "bcmath"), ("gmp_", "gmp", "gmp"),
                  ("pg_", "pgsql", "pgsql"), ("ldap_", "ldap", "ldap"))
"""(function prefix, extension, Debian package suffix: php-<suffix>) of functions that come from an
extension; "mysqli_connect" needs mysqli, which Debian ships in php-mysql. Prefixes are specific
("imagecreate", not "image") so that a user's own imageUpload() is not blamed on GD; the old
mysql_* functions are not here: PHP 7 removed them, no extension brings them back."""


def find_ruby_error(lines: list[str]) -> tuple[int, ScreenAnalysis]:
    from assistant.prompts import render

    score, error_type, message = 0, None, None
    frames: list[CodeLocation] = []
    for line in lines:
        if m := _RB_RAISED.match(line):
            error_type = error_type or m["type"]
            message = message or m["msg"]
            frames.append(CodeLocation(m["path"], int(m["line"]), None, m["func"]))
            score += 4
        elif error_type is None and (m := _RB_LOGGED.match(line)):
            error_type, message = m["type"], m["msg"]
            score += 2
        elif m := _RB_FRAME.match(line):
            frames.append(CodeLocation(m["path"], int(m["line"]), None, m["func"]))
            score += 2 if len(frames) <= 3 else 0
    if error_type is None:
        return 0, ScreenAnalysis("ruby_error")
    fixes = []
    if nil := _RB_NIL.search(message or ""):
        fixes.append(render("ocr", "ruby_fix_nil", method=nil["method"]).strip())
    return score, ScreenAnalysis("ruby_error", error_type, message, frames[::-1], fixes)


def find_php_error(lines: list[str]) -> tuple[int, ScreenAnalysis]:
    from assistant.prompts import render

    error = None
    frames: list[CodeLocation] = []
    for line in lines:
        if error is None and (m := _PHP_ERROR.search(line)):
            error = m
        elif m := _PHP_FRAME.match(line):
            frames.append(CodeLocation(m["path"], int(m["line"]), None, m["func"]))
    if error is None:
        return 0, ScreenAnalysis("php_error")
    raised = CodeLocation(error["path"], int(error["line"] or error["line2"]))
    fixes = []
    if undefined := _PHP_UNDEFINED.search(error["msg"]):
        function = undefined["func"].rsplit("\\", 1)[-1]
        extension = next(((ext, pkg) for prefix, ext, pkg in PHP_EXTENSIONS if function.lower().startswith(prefix)),
                         None)
        key = "php_fix_extension" if extension else "php_fix_undefined_function"
        fixes.append(render("ocr", key, function=function, extension=extension[0] if extension else "",
                            package=extension[1] if extension else "").strip())
    error_type = error["type"] or error["level"]
    return 4 + 2 * min(len(frames), 2), ScreenAnalysis("php_error", error_type, error["msg"], [*frames[::-1], raised],
                                                       fixes)


__all__ = ["PHP_EXTENSIONS", "find_php_error", "find_ruby_error"]
