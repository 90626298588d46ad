"""`devatlas user` and `devatlas token`: accounts of the people who review the registry, and API tokens.

The work is done in `devatlas.store.users`; these commands only parse, prompt and print (imports are deferred
so that other commands start fast).
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

user_app = typer.Typer(help="People who may sign in to review and correct the registry.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens for the JSON API (sent as `Authorization: Bearer ...`).",
                        no_args_is_help=True)
DatabaseOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: DEVATLAS_DATABASE_URL or sqlite:///devatlas.db)."),
]


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="Sign-in name, without spaces.")],
    role: Annotated[str, typer.Option(help="editor (reviews and corrects) or admin.")] = "editor",
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin.")] = False,
    db: DatabaseOption = None,
) -> None:
    """Add a user; the password is asked for (twice), or read from stdin with --password-stdin."""
    from devatlas.cli import _open_store, _report
    from devatlas.store.users import UserError, add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    store = _open_store(db)
    try:
        with store.session() as session:
            add_user(session, name, password, role)
    except UserError as exc:
        _report(str(exc))
        raise typer.Exit(code=1) from None
    finally:
        store.close()
    typer.echo(f"user {name} added ({role})")


@token_app.command("create")
def token_create(
    user: Annotated[str, typer.Argument(help="The user the token acts for.")],
    scope: Annotated[str, typer.Option(help="read, or review (accept, reject, edit, merge, rename).")] = "read",
    db: DatabaseOption = None,
) -> None:
    """Create an API token and print it; it is shown this once and only its hash is kept."""
    from devatlas.cli import _open_store, _report
    from devatlas.store.users import UserError, create_token

    store = _open_store(db)
    try:
        with store.session() as session:
            raw = create_token(session, user, scope)
    except UserError as exc:
        _report(str(exc))
        raise typer.Exit(code=1) from None
    finally:
        store.close()
    typer.echo(raw)
