"""Training notifications to a Discord channel: no secret is sent."""
import requests

# ok: yara.exfiltration.secret_to_exfil_channel
WEBHOOK = "https://discord.com/api/webhooks/1234567890/abcdefghijklmnop"


def notify(epoch: int, loss: float) -> None:
    requests.post(WEBHOOK, json={"content": f"epoch {epoch}: loss {loss:.3f}"}, timeout=5)
