import ast

from flask import request


def calculate():
    expr = request.args.get("expr", "")
    # ruleid: py-eval-input
    result = eval(expr)
    return {"result": result}


def run_plugin(source_code, ctx):
    # ruleid: py-eval-input
    exec(source_code, {"ctx": ctx})


def dynamic_attr(obj, field):
    # ruleid: py-eval-input
    return eval(f"obj.{field}")


def apply_filter(rows, cond):
    # ruleid: py-eval-input
    return [r for r in rows if eval("r." + cond)]


def run_file(path):
    with open(path) as fh:
        # ruleid: py-eval-input
        exec(fh.read())


# ---- negatives ----


def parse_literal(text):
    # ok: py-eval-input
    return ast.literal_eval(text)


def constant_eval():
    # ok: py-eval-input
    return eval("1 + 2")


def constant_exec():
    # ok: py-eval-input
    exec("import this")


def model_eval(model):
    # ok: py-eval-input
    model.eval()


def compute(engine, expr):
    # ok: py-eval-input
    return engine.eval(expr)
