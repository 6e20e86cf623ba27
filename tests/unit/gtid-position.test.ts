import { describe, expect, it } from 'vitest';
import { GtidPosition } from '../../infrastructure/persistence/sequelize/gtid-position.js';

describe('GtidPosition (the last write a read must wait for)', () => {
  it('is empty before any write', () => {
    expect(new GtidPosition().text()).toBe('');
  });

  it('keeps the highest sequence number per domain, whatever order the GTIDs arrive in', () => {
    const position = new GtidPosition();
    position.advance('0-1-41');
    position.advance('0-1-43');
    position.advance('0-1-42'); // another connection's commit, read back later
    expect(position.text()).toBe('0-1-43');
    position.advance('1-2-7');
    expect(position.text()).toBe('0-1-43,1-2-7');
    position.advance('0-1-100,1-2-6');
    expect(position.text()).toBe('0-1-100,1-2-7');
  });

  it('compares sequence numbers as numbers (10 after 9), beyond 2^53 too', () => {
    const position = new GtidPosition();
    position.advance('0-1-9');
    position.advance('0-1-10');
    expect(position.text()).toBe('0-1-10');
    position.advance('0-1-18446744073709551615');
    position.advance('0-1-18446744073709551614');
    expect(position.text()).toBe('0-1-18446744073709551615');
  });

  it('ignores what is not a GTID (an empty @@last_gtid when the binlog is off)', () => {
    const position = new GtidPosition();
    position.advance('');
    position.advance('not-a-gtid');
    expect(position.text()).toBe('');
  });
});
