"""Uploads checkpoints to S3. boto3 finds the keys itself (in ~/.aws/credentials or the
environment); this file never opens them."""
import boto3


def upload(path: str, bucket: str) -> None:
    # ok: yara.exfiltration.credential_file_exfil
    boto3.client("s3").upload_file(path, bucket, path)
