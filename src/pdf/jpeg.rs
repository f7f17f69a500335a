//! A JPEG's size and colour channels, read from its frame header, so the file can go into a
//! PDF as it is (the reader decodes it). Only JPEG: a signature scanned or photographed is one.

use super::page::Jpeg;

impl Jpeg {
    pub fn parse(data: Vec<u8>) -> Result<Jpeg, String> {
        if !data.starts_with(&[0xFF, 0xD8]) {
            return Err("is not a JPEG image (save the signature as .jpg)".into());
        }
        let mut i = 2;
        while i + 4 <= data.len() {
            if data[i] != 0xFF {
                return Err(format!("is a damaged JPEG (no marker at byte {i})"));
            }
            let marker = data[i + 1];
            if marker == 0xFF {
                i += 1;
                continue;
            }
            let len = usize::from(u16::from_be_bytes([data[i + 2], data[i + 3]]));
            // Start of frame (baseline, extended, progressive, lossless); not DHT, JPG or DAC.
            if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
                let f = data.get(i + 4..i + 10).ok_or("is a damaged JPEG (short frame header)")?;
                let height = u32::from(u16::from_be_bytes([f[1], f[2]]));
                let width = u32::from(u16::from_be_bytes([f[3], f[4]]));
                let components = f[5];
                if width == 0 || height == 0 || !matches!(components, 1 | 3 | 4) {
                    return Err("is a JPEG this PDF writer cannot place (size or colours)".into());
                }
                return Ok(Jpeg { data, width, height, components });
            }
            if marker == 0xDA || len < 2 {
                break;
            }
            i += 2 + len;
        }
        Err("is a damaged JPEG (no frame header)".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny(width: u16, height: u16) -> Vec<u8> {
        let mut v = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x4A, 0x46];
        v.extend([0xFF, 0xC0, 0x00, 0x0B, 0x08]);
        v.extend(height.to_be_bytes());
        v.extend(width.to_be_bytes());
        v.extend([0x01, 0x01, 0x11, 0x00, 0xFF, 0xD9]);
        v
    }

    #[test]
    fn reads_the_frame_header() {
        let j = Jpeg::parse(tiny(300, 100)).unwrap();
        assert_eq!((j.width, j.height, j.components), (300, 100, 1));
    }

    #[test]
    fn refuses_what_is_not_a_jpeg() {
        assert!(Jpeg::parse(b"\x89PNG\r\n".to_vec()).unwrap_err().contains("not a JPEG"));
        assert!(Jpeg::parse(vec![0xFF, 0xD8, 0x00]).unwrap_err().contains("damaged"));
        assert!(Jpeg::parse(tiny(0, 10)).is_err());
    }
}
