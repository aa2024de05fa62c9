# Tests for py-flow-computed-attribute: `warden test-rules rulesets/taint`.
import json
import operator

import requests
from openai import OpenAI

import tools


def call_tool(client: OpenAI, messages):
    # source: py-flow-computed-attribute
    response = client.chat.completions.create(model="gpt", messages=messages, tools=tools.SCHEMAS)
    call = response.choices[0].message.tool_calls[0]
    arguments = json.loads(call.function.arguments)
    # ruleid: py-flow-computed-attribute
    function = getattr(tools, call.function.name)
    return function(**arguments)


def apply_remote_settings(model, url):
    # source: py-flow-computed-attribute
    settings = requests.get(url, timeout=5).json()
    for key, value in settings.items():
        # ruleid: py-flow-computed-attribute
        setattr(model.config, key, value)


def remote_field(record, url):
    # source: py-flow-computed-attribute
    field = requests.get(url).text.strip()
    # ruleid: py-flow-computed-attribute
    return operator.attrgetter(field)(record)


def constant_attribute(model, url):
    value = requests.get(url).json()["dropout"]
    # Only the value is downloaded; the attribute name is fixed.
    # ok: py-flow-computed-attribute
    setattr(model.config, "dropout", value)


def allowed_tool(client: OpenAI, messages):
    response = client.chat.completions.create(model="gpt", messages=messages)
    name = response.choices[0].message.tool_calls[0].function.name
    table = {"search": tools.search, "clock": tools.clock}
    # ok: py-flow-computed-attribute
    return table[name], getattr(tools, "search")


def local_option(args, module):
    # An argparse option chooses among the module's names: the local user's own choice.
    # ok: py-flow-computed-attribute
    return getattr(module, args.optimizer)


# --- interprocedural flows: helpers, fields, globals, closures, *args and **kwargs ----


class Dispatcher:
    def __init__(self, client: OpenAI):
        self.client = client
        self.pending = None

    def plan(self, messages):
        # source: py-flow-computed-attribute
        self.pending = self.client.chat.completions.create(model="gpt", messages=messages)

    def run(self):
        name = self.pending.choices[0].message.tool_calls[0].function.name
        # self.pending is set in another method.
        # ruleid: py-flow-computed-attribute
        return getattr(tools, name)()


def lookup(obj, name):
    # ruleid: py-flow-computed-attribute
    return getattr(obj, name)


def remote_lookup(obj, url):
    # source: py-flow-computed-attribute
    return lookup(obj, requests.get(url).text)
