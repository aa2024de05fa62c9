# Every member of `sources image-data` and `sanitizers image-metadata`, and look-alikes that
# are not. (Hostile-looking sample for Warden's tests: never run it.)
import cv2
import imageio
import imageio.v3 as iio
import matplotlib.image as mpimg
import matplotlib.pyplot as plt
import numpy as np
import skimage.io
import torchvision
from diffusers.utils import load_image
from PIL import Image
from stegano import exifHeader, lsb
from transformers.image_utils import load_image as hf_load_image


def pil(path, raw, size):
    # ruleid: sources.image-data
    img = Image.open(path)
    # ruleid: sources.image-data
    frame = Image.frombytes("RGB", size, raw)
    # ruleid: sources.image-data
    pixels = img.getdata()
    # ruleid: sources.image-data
    first = img.getpixel((0, 0))
    # ruleid: sources.image-data
    banded = img.getdata(band=0)
    return frame, pixels, first, banded


def arrays(path, blob):
    # ruleid: sources.image-data
    a = cv2.imread(path)
    # ruleid: sources.image-data
    b = cv2.imdecode(np.frombuffer(blob, np.uint8), cv2.IMREAD_COLOR)
    # ruleid: sources.image-data
    c = imageio.imread(path)
    # ruleid: sources.image-data
    d = iio.imread(path)
    # ruleid: sources.image-data
    e = mpimg.imread(path)
    # ruleid: sources.image-data
    f = plt.imread(path)
    # ruleid: sources.image-data
    g = skimage.io.imread(path)
    # ruleid: sources.image-data
    h = torchvision.io.read_image(path)
    return a, b, c, d, e, f, g, h


def helpers(url):
    # ruleid: sources.image-data
    a = load_image(url)
    # ruleid: sources.image-data
    b = hf_load_image(url)
    return a, b


def hidden(path):
    # ruleid: sources.image-data
    message = lsb.reveal(path)
    # ruleid: sources.image-data
    exif = exifHeader.reveal(path)
    return message, exif


def metadata(img):
    # ruleid: sanitizers.image-metadata
    w, h = img.size
    # ruleid: sanitizers.image-metadata
    name = img.filename
    # ruleid: sanitizers.image-metadata
    kind = img.mode
    # ok: sanitizers.image-metadata
    text = img.info
    return w, h, name, kind, text


def look_alikes(path, img, other, box, f):
    # Writing an image is no read.
    # ok: sources.image-data
    cv2.imwrite(path, img)
    # ok: sources.image-data
    Image.new("RGB", (8, 8))
    # ok: sources.image-data
    img.putpixel((0, 0), (255, 0, 0))
    # ok: sources.image-data
    img.paste(other, box)
    # ok: sources.image-data
    np.load(f)
    # ok: sources.image-data
    lsb.hide(path, "message")
