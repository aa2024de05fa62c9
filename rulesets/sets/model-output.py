# Every member of `sources model-output`, and look-alikes that are not.
import ollama
from transformers import pipeline


def generate(model, tokenizer, client, llm, ids, codec):
    # ruleid: sources.model-output
    out = model.generate(ids, max_new_tokens=20)
    # ruleid: sources.model-output
    texts = tokenizer.batch_decode(out)
    # ruleid: sources.model-output
    first = tokenizer.decode(out[0], skip_special_tokens=True)
    # ruleid: sources.model-output
    plain = tokenizer.decode(out[0])
    # ruleid: sources.model-output
    chat = client.chat.completions.create(model="m", messages=[])
    # ruleid: sources.model-output
    legacy = client.completions.create(model="m", prompt="p")
    # ruleid: sources.model-output
    claude = client.messages.create(model="m", messages=[])
    # ruleid: sources.model-output
    response = client.responses.create(model="m", input="p")
    # ruleid: sources.model-output
    local = llm.create_chat_completion(messages=[])
    # ruleid: sources.model-output
    answer = ollama.chat(model="m", messages=[])
    # ok: sources.model-output
    data = codec.decode(b"bytes")
    return out, texts, first, plain, chat, legacy, claude, response, local, answer, data


# ruleid: sources.model-output
generator = pipeline("text-generation")
