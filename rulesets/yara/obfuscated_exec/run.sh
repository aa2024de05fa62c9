#!/bin/sh
# ruleid: yara.obfuscated_exec.exec_base64
python3 -c "import base64;exec(base64.b64decode('cHJpbnQoIndhcmRlbiB0ZXN0IGZpeHR1cmUiKQo='))"
