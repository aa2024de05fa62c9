"""A byte-level tokenizer for the Tiny model: ids 0-2 are special, 3-258 are bytes."""

from transformers import PreTrainedTokenizer
from transformers.utils import logging

logger = logging.get_logger(__name__)

SPECIAL_TOKENS = ["<pad>", "<s>", "</s>"]
BYTE_OFFSET = len(SPECIAL_TOKENS)


class TinyTokenizer(PreTrainedTokenizer):
    model_input_names = ["input_ids", "attention_mask"]

    def __init__(self, pad_token="<pad>", bos_token="<s>", eos_token="</s>", add_bos_token=True, **kwargs):
        self.add_bos_token = add_bos_token
        self._special = {tok: i for i, tok in enumerate(SPECIAL_TOKENS)}
        super().__init__(pad_token=pad_token, bos_token=bos_token, eos_token=eos_token, **kwargs)

    @property
    def vocab_size(self):
        return BYTE_OFFSET + 256

    def get_vocab(self):
        vocab = dict(self._special)
        vocab.update({self._convert_id_to_token(i): i for i in range(BYTE_OFFSET, self.vocab_size)})
        vocab.update(self.added_tokens_encoder)
        return vocab

    def _tokenize(self, text, **kwargs):
        return [f"<0x{b:02X}>" for b in text.encode("utf-8")]

    def _convert_token_to_id(self, token):
        if token in self._special:
            return self._special[token]
        if token.startswith("<0x") and token.endswith(">") and len(token) == 6:
            return int(token[3:5], 16) + BYTE_OFFSET
        return self._special[self.pad_token]

    def _convert_id_to_token(self, index):
        if index < BYTE_OFFSET:
            return SPECIAL_TOKENS[index]
        return f"<0x{index - BYTE_OFFSET:02X}>"

    def convert_tokens_to_string(self, tokens):
        data = bytearray()
        for token in tokens:
            if token in self._special:
                continue
            data.append(int(token[3:5], 16))
        return data.decode("utf-8", errors="replace")

    def build_inputs_with_special_tokens(self, token_ids_0, token_ids_1=None):
        bos = [self.bos_token_id] if self.add_bos_token else []
        ids = bos + token_ids_0
        if token_ids_1 is not None:
            ids = ids + bos + token_ids_1
        return ids

    def save_vocabulary(self, save_directory, filename_prefix=None):
        # Byte-level: there is no vocabulary file to write.
        return ()
