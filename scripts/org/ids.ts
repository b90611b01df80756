/** Salesforce record Ids: 15-character case-sensitive Ids, their 18-character case-safe form, and key prefixes. */

const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The 3-character checksum that makes a 15-character Id case-safe. */
export function idChecksum(id15: string): string {
    let out = '';
    for (let chunk = 0; chunk < 3; chunk++) {
        let bits = 0;
        for (let i = 0; i < 5; i++) {
            const c = id15.charCodeAt(chunk * 5 + i);
            if (c >= 65 && c <= 90) bits |= 1 << i;
        }
        out += SUFFIX[bits];
    }
    return out;
}

/** The 18-character form of a 15- or 18-character Id (other strings come back unchanged). */
export function to18(id: string): string {
    return id.length === 15 ? id + idChecksum(id) : id;
}

/** True for a well-formed Id: 15 alphanumerics, or 18 with the right checksum. */
export function isValidId(id: string): boolean {
    if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id)) return false;
    return id.length === 15 || idChecksum(id.slice(0, 15)) === id.slice(15).toUpperCase();
}

/** The key under which an Id is indexed: 18 characters, lower case (case-safe, so no two records collide). */
export function idKey(id: string): string {
    return to18(id).toLowerCase();
}

/** An 18-character Id: prefix + 'ABM' marker + a base-62 sequence number, with its checksum. */
export function makeId(prefix: string, sequence: number): string {
    let n = Math.floor(sequence);
    let digits = '';
    do {
        digits = BASE62[n % 62] + digits;
        n = Math.floor(n / 62);
    } while (n > 0);
    const id15 = `${prefix}ABM${digits.padStart(9, '0')}`;
    if (id15.length !== 15) throw new Error(`Id sequence ${sequence} overflows the 15-character Id`);
    return to18(id15);
}
