# Tests for py-flow-model-output-to-exec: `warden test-rules rulesets/taint`.
import json
import os
import subprocess

import ollama
from openai import OpenAI
from transformers import AutoModelForCausalLM, AutoTokenizer, pipeline


def run_generated_code(prompt):
    tokenizer = AutoTokenizer.from_pretrained("some/coder")
    model = AutoModelForCausalLM.from_pretrained("some/coder")
    inputs = tokenizer(prompt, return_tensors="pt")
    output = model.generate(**inputs, max_new_tokens=256)
    # The decoded text is a source too; the flow is reported from it.
    # source: py-flow-model-output-to-exec
    code = tokenizer.decode(output[0], skip_special_tokens=True)
    # ruleid: py-flow-model-output-to-exec
    exec(code)


class Coder:
    def __init__(self, tok, lm):
        self.tok = tok
        self.lm = lm

    def complete(self, inputs):
        # source: py-flow-model-output-to-exec
        ids = self.lm.generate(**inputs)
        # ruleid: py-flow-model-output-to-exec
        exec(self.tok.decode(ids[0]))


def decode_only(tokenizer, ids):
    # source: py-flow-model-output-to-exec
    answer = tokenizer.decode(ids)
    # ruleid: py-flow-model-output-to-exec
    return eval(answer)


def batch(processor, ids):
    # source: py-flow-model-output-to-exec
    texts = processor.batch_decode(ids, skip_special_tokens=True)
    for text in texts:
        # ruleid: py-flow-model-output-to-exec
        os.system(text)


def tool_call_from_pipeline(prompt):
    # source: py-flow-model-output-to-exec
    generator = pipeline("text-generation", model="some/agent")
    outputs = generator(prompt, max_new_tokens=128)
    call = json.loads(outputs[0]["generated_text"])
    if call["tool"] == "shell":
        # ruleid: py-flow-model-output-to-exec
        subprocess.run(call["arguments"]["command"], shell=True)


def chat_completion_tool(client: OpenAI, messages):
    # source: py-flow-model-output-to-exec
    response = client.chat.completions.create(model="gpt", messages=messages)
    args = json.loads(response.choices[0].message.tool_calls[0].function.arguments)
    # ruleid: py-flow-model-output-to-exec
    subprocess.run(["python", "-c", args["code"]])


def local_llm(prompt):
    # source: py-flow-model-output-to-exec
    answer = ollama.generate(model="llama", prompt=prompt)["response"]
    # ruleid: py-flow-model-output-to-exec
    compiled = compile(answer, "<llm>", "exec")
    return compiled


def bytes_decode_is_not_model_output(blob):
    text = blob.decode("utf-8")
    # ok: py-flow-model-output-to-exec
    exec(text)


def prompt_is_not_output(tokenizer, model, prompt):
    output = model.generate(**tokenizer(prompt, return_tensors="pt"))
    # ok: py-flow-model-output-to-exec
    os.system("echo " + prompt)
    return output


def printed_only(tokenizer, model, inputs):
    text = tokenizer.decode(model.generate(**inputs)[0], skip_special_tokens=True)
    print(text)
    # ok: py-flow-model-output-to-exec
    subprocess.run(["nvidia-smi"])


TOOLS = {"time": lambda: "12:00"}


def dispatch_by_table(client: OpenAI, messages):
    response = client.chat.completions.create(model="gpt", messages=messages)
    name = response.choices[0].message.tool_calls[0].function.name
    result = TOOLS[name]() if name in TOOLS else None
    # ok: py-flow-model-output-to-exec
    exec("print('done')")
    return result


# --- interprocedural flows: helpers, fields, globals, closures, *args and **kwargs ----


def generate_text(model, tokenizer, inputs):
    # source: py-flow-model-output-to-exec
    return tokenizer.batch_decode(model.generate(**inputs))[0]


def run_helper_output(model, tokenizer, inputs):
    # ruleid: py-flow-model-output-to-exec
    exec(generate_text(model, tokenizer, inputs))


def run_tool(command):
    # ruleid: py-flow-model-output-to-exec
    subprocess.run(command, shell=True)


def agent_step(client: OpenAI, messages):
    # source: py-flow-model-output-to-exec
    reply = client.chat.completions.create(model="gpt", messages=messages)
    run_tool(reply.choices[0].message.content)


class Agent:
    def __init__(self, model, tokenizer):
        self.model = model
        self.tokenizer = tokenizer
        self.last = ""

    def think(self, inputs):
        # source: py-flow-model-output-to-exec
        self.last = self.tokenizer.decode(self.model.generate(**inputs)[0], skip_special_tokens=True)

    def act(self):
        # self.last is set in another method.
        # ruleid: py-flow-model-output-to-exec
        exec(self.last)


def run_all(*snippets, **options):
    for snippet in snippets:
        # ruleid: py-flow-model-output-to-exec
        exec(snippet, options.get("globals", {}))


def agent_varargs(tokenizer, ids):
    # source: py-flow-model-output-to-exec
    run_all(tokenizer.decode(ids, skip_special_tokens=True))


def agent_closure(tokenizer, ids):
    # source: py-flow-model-output-to-exec
    plan = tokenizer.decode(ids, skip_special_tokens=True)

    def execute():
        # A closure's free variable.
        # ruleid: py-flow-model-output-to-exec
        os.system(plan)

    execute()
