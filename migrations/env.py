import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

from secretariat.search.models import belongs_to_the_models

# this is the Alembic Config object, which provides
# access to the values within the .ini file in use.
config = context.config

# Interpret the config file for Python logging.
# This line sets up loggers basically.
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")


def get_engine():
    return current_app.extensions["migrate"].db.engine


def get_engine_url():
    return get_engine().url.render_as_string(hide_password=False).replace("%", "%%")


# add your model's MetaData object here
# for 'autogenerate' support
# from myapp import mymodel
# target_metadata = mymodel.Base.metadata
config.set_main_option("sqlalchemy.url", get_engine_url())
target_db = current_app.extensions["migrate"].db

# other values from the config, defined by the needs of env.py,
# can be acquired:
# my_important_option = config.get_main_option("my_important_option")
# ... etc.


def get_metadata():
    if hasattr(target_db, "metadatas"):
        return target_db.metadatas[None]
    return target_db.metadata


def render_item(type_, obj, autogen_context):
    """Write the app's own column types as plain SQLAlchemy ones, so a migration
    never imports application code."""
    if type_ == "type" and type(obj).__name__ == "UTCDateTime":
        return "sa.DateTime()"
    return False


def _broken_references(connection) -> set[tuple]:
    return {tuple(row) for row in connection.exec_driver_sql("PRAGMA foreign_key_check")}


def _run_sqlite_migrations(connection, conf_args) -> None:
    """SQLite alters a table in batch mode by copying it and dropping the original. With
    foreign keys enforced, that drop would fire ON DELETE CASCADE / SET NULL in every
    table pointing at it (votes, audit events...), so enforcement is off while the
    migrations run (the pragma only takes effect outside a transaction). Python's sqlite3
    would run each DDL statement on its own; here all of them run in one transaction we
    begin ourselves, so a migration that fails, or leaves a reference to a missing row,
    leaves the database exactly as it was."""
    driver = connection.connection.driver_connection
    usual_isolation = driver.isolation_level
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    already_broken = _broken_references(connection)
    if already_broken:
        logger.warning(
            "before migrating, %d rows already point at missing rows: %s",
            len(already_broken),
            sorted(already_broken)[:10],
        )
    connection.commit()
    driver.isolation_level = None  # no implicit transactions: ours holds the DDL too
    try:
        context.configure(
            connection=connection,
            target_metadata=get_metadata(),
            transactional_ddl=True,
            **conf_args,
        )
        with context.begin_transaction():
            connection.exec_driver_sql("BEGIN")
            context.run_migrations()
            broken = _broken_references(connection) - already_broken
            if broken:
                raise RuntimeError(
                    "the migration would leave rows pointing at missing rows, so nothing "
                    f"was changed: {sorted(broken)[:10]}"
                )
    finally:
        driver.isolation_level = usual_isolation
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()


def run_migrations_offline():
    """Run migrations in 'offline' mode.

    This configures the context with just a URL
    and not an Engine, though an Engine is acceptable
    here as well.  By skipping the Engine creation
    we don't even need a DBAPI to be available.

    Calls to context.execute() here emit the given string to the
    script output.

    """
    url = config.get_main_option("sqlalchemy.url")
    context.configure(url=url, target_metadata=get_metadata(), literal_binds=True)

    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    """Run migrations in 'online' mode.

    In this scenario we need to create an Engine
    and associate a connection with the context.

    """

    # this callback is used to prevent an auto-migration from being generated
    # when there are no changes to the schema
    # reference: http://alembic.zzzcomputing.com/en/latest/cookbook.html
    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    conf_args = current_app.extensions["migrate"].configure_args
    conf_args.setdefault("render_item", render_item)
    # the search index's full-text structures are one database's own, not the models'
    conf_args.setdefault("include_name", belongs_to_the_models)
    if conf_args.get("process_revision_directives") is None:
        conf_args["process_revision_directives"] = process_revision_directives

    connectable = get_engine()

    with connectable.connect() as connection:
        if connection.dialect.name == "sqlite":
            _run_sqlite_migrations(connection, conf_args)
            return
        context.configure(connection=connection, target_metadata=get_metadata(), **conf_args)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
