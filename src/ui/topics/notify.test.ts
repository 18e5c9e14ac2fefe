import { describe, expect, it } from 'vitest';
import { i18n } from '../i18n/i18n';
import { notificationType } from './Topics';

describe('an observer’s notification type', () => {
  it('follows the profile, then notify_type', () => {
    const base = { profile: '5.x', notify_type: 'qos' } as Parameters<typeof notificationType>[0];
    expect(notificationType(base)).toBe('topics:notify.profile5');
    expect(notificationType({ ...base, profile: '6.x', notify_type: 'con' })).toBe(
      'topics:notify.con',
    );
    expect(i18n.t('topics:notify.qos')).toBe("CON/NON follows each message's QoS (not this QoS)");
  });
});
