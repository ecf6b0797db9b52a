"""Ruby, PHP, compiler (Kotlin, Java, TypeScript, C#) and config (nginx, Apache, Terraform) errors on screen."""

from __future__ import annotations

import pytest

from assistant.answer_checks import error_facts
from assistant.tools.ocr.screen_text import analyze


class _Reading:
    def __init__(self, text: str) -> None:
        self.analysis = analyze(text)


RUBY_SCRIPT = """$ ruby report.rb
report.rb:8:in `block in totals': undefined method `+' for nil (NoMethodError)
\tfrom report.rb:7:in `each'
\tfrom report.rb:7:in `totals'
\tfrom report.rb:15:in `<main>'"""

RAILS_LOG = """Started POST "/carts/12/items" for ::1 at 2024-05-01 10:00:00 +0100
Processing by CartItemsController#create as TURBO_STREAM
Completed 500 Internal Server Error in 12ms (ActiveRecord: 1.1ms)

ActiveRecord::RecordNotFound (Couldn't find Cart with 'id'=12):

/usr/local/bundle/gems/activerecord-7.1.3/lib/active_record/core.rb:253:in `find'
app/controllers/cart_items_controller.rb:22:in `create'
/usr/local/bundle/gems/actionpack-7.1.3/lib/action_controller/metal/basic_implicit_render.rb:6:in `send_action'"""


def test_a_ruby_script_error_is_raised_in_the_innermost_frame_with_the_nil_fix() -> None:
    a = analyze(RUBY_SCRIPT)
    assert (a.kind, a.language, a.error_type) == ("ruby_error", "ruby", "NoMethodError")
    assert a.error_message == "undefined method `+' for nil"
    assert [(c.path, c.line) for c in a.locations][-1] == ("report.rb", 8)
    assert [(c.path, c.line) for c in a.locations][0] == ("report.rb", 15)
    assert "`x&.+`" in a.fixes[0] and "nil" in a.fixes[0]


def test_a_rails_log_names_the_app_frame_not_the_gem_frame() -> None:
    a = analyze(RAILS_LOG)
    assert (a.kind, a.error_type) == ("ruby_error", "ActiveRecord::RecordNotFound")
    assert a.error_message == "Couldn't find Cart with 'id'=12"
    facts = error_facts(_Reading(RAILS_LOG))
    assert facts is not None and facts.innermost == "cart_items_controller.rb, line 22"
    assert facts.surfaced == "core.rb, line 253"  # where it surfaced, inside a gem
    assert facts.outer == ()  # the framework's caller is not the user's code
    assert a.fixes == []  # no usual fix is claimed for a missing record


@pytest.mark.parametrize(("text", "where", "extension"), [
    ("PHP Fatal error:  Uncaught Error: Call to undefined function curl_init() in /var/www/app/fetch.php:12\n"
     "Stack trace:\n#0 /var/www/app/index.php(9): fetch_rates()\n#1 {main}", ("/var/www/app/fetch.php", 12), "curl"),
    ("Fatal error: Uncaught Error: Call to undefined function imagecreatefrompng() in C:\\xampp\\htdocs\\thumb.php on "
     "line 4", ("C:\\xampp\\htdocs\\thumb.php", 4), "gd"),
])
def test_a_php_function_from_a_missing_extension_says_which_extension(text, where, extension) -> None:
    a = analyze(text)
    assert (a.kind, a.language, a.error_type) == ("php_error", "php", "Error")
    assert (a.innermost.path, a.innermost.line) == where
    assert f"{extension} extension" in a.fixes[0] and "php.ini" in a.fixes[0]


def test_a_php_parse_error_has_no_extension_fix() -> None:
    a = analyze("PHP Parse error:  syntax error, unexpected token \"}\" in /srv/site/cart.php on line 31")
    assert (a.kind, a.error_type, a.error_message) == ("php_error", "Parse error", 'syntax error, unexpected token "}"')
    assert (a.innermost.path, a.innermost.line, a.fixes) == ("/srv/site/cart.php", 31, [])


@pytest.mark.parametrize(("text", "where", "language", "name"), [
    ("e: /home/a/app/src/Main.kt: (14, 5): Unresolved reference: parseDate\nFAILURE: Build failed with an exception.",
     ("/home/a/app/src/Main.kt", 14), "kotlin", "parseDate"),
    ("src/main/java/shop/Cart.java:41: error: cannot find symbol\n        total = applyDiscount(total);\n"
     "                ^\n  symbol:   method applyDiscount(int)\n  location: class Cart\n1 error",
     ("src/main/java/shop/Cart.java", 41), "java", "applyDiscount"),
    ("src/api/users.ts(12,5): error TS2304: Cannot find name 'fetchUser'.\n"
     "src/api/users.ts(30,9): error TS2304: Cannot find name 'fetchUser'.", ("src/api/users.ts", 12), "typescript",
     "fetchUser"),
    ("src/ui/App.tsx:8:3 - error TS2304: Cannot find name 'useStore'.\n\n8   useStore();\n    ~~~~~~~~\n\nFound 1 error.",
     ("src/ui/App.tsx", 8), "typescript", "useStore"),
    ("Program.cs(8,13): error CS0103: The name 'total' does not exist in the current context [/src/Shop.csproj]\n"
     "Build FAILED.", ("Program.cs", 8), "c#", "total"),
])
def test_the_first_compile_error_is_the_one_named_with_the_unresolved_name_fix(text, where, language, name) -> None:
    a = analyze(text)
    assert (a.kind, a.language) == ("compile_error", language)
    assert (a.innermost.path, a.innermost.line) == where
    assert f"`{name}`" in a.fixes[0] and "import" in a.fixes[0]
    facts = error_facts(_Reading(text))
    assert facts is not None and "(the innermost frame)" not in facts.lead() and facts.outer == ()


def test_a_compile_warning_before_the_error_does_not_count() -> None:
    a = analyze("w: /p/Util.kt:3:1 Parameter 'x' is never used\ne: /p/Util.kt:9:14 Type mismatch: inferred type is "
                "String but Int was expected")
    assert (a.innermost.line, a.error_message, a.fixes) == (9, "Type mismatch: inferred type is String but Int was "
                                                           "expected", [])


@pytest.mark.parametrize(("text", "error", "fix_words"), [
    ('nginx: [emerg] unexpected end of file, expecting "}" in /etc/nginx/conf.d/api.conf:40',
     "unexpected end of file", "no closing `}`"),
    ('nginx: [emerg] unknown directive "proxy_passs" in /etc/nginx/sites-enabled/app:12', "unknown directive",
     "`proxy_passs`"),
    ("nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)", "bind()", "ss -ltnp"),
])
def test_nginx_errors_carry_their_usual_fix(text, error, fix_words) -> None:
    a = analyze(text)
    assert a.kind == "config_error" and a.error_type == "nginx [emerg]" and error in a.error_message
    assert fix_words in a.fixes[0]


def test_an_apache_syntax_error_names_the_file_and_line() -> None:
    a = analyze("AH00526: Syntax error on line 12 of /etc/apache2/sites-enabled/shop.conf:\n"
                "Invalid command 'RewriteEngine', perhaps misspelled or defined by a module not included")
    assert (a.kind, a.innermost.path, a.innermost.line) == ("config_error", "/etc/apache2/sites-enabled/shop.conf", 12)
    assert a.error_message.startswith("Invalid command 'RewriteEngine'")


def test_a_terraform_error_names_the_tf_file_and_a_lock_says_who_holds_it() -> None:
    located = analyze("│ Error: Unsupported argument\n│\n│   on main.tf line 14, in resource \"aws_s3_bucket\" \"logs\":\n"
                      "│   14:   acl_policy = \"private\"\n│\n│ An argument named \"acl_policy\" is not expected here.")
    assert (located.kind, located.error_message) == ("config_error", "Unsupported argument")
    assert (located.innermost.path, located.innermost.line, located.fixes) == ("main.tf", 14, [])
    lock = analyze("Error: Error acquiring the state lock\n\nLock Info:\n  ID:        0b1d\n  Who:       sam@laptop\n"
                   "Terraform acquires a state lock to protect the state")
    assert "(sam@laptop)" in lock.fixes[0] and "terraform force-unlock 0b1d" in lock.fixes[0]


@pytest.mark.parametrize("text", [
    "Error: something went wrong\nplease retry",  # no tool named, no location: not a Terraform error
    "warning: /p/Util.kt:3:1 Parameter 'x' is never used",
    "The price is $12 (incl. tax): see page 3",
])
def test_plain_text_is_not_taken_for_these_errors(text) -> None:
    assert analyze(text).kind in ("other", "log")


@pytest.mark.parametrize("function", ["imageUpload", "mysql_connect", "bcryptHash"])
def test_a_function_no_extension_brings_gets_the_plain_undefined_function_fix(function) -> None:
    a = analyze(f"PHP Fatal error:  Uncaught Error: Call to undefined function {function}() in /srv/app.php:3")
    assert "extension" not in a.fixes[0].split(".")[0] and "require" in a.fixes[0]
