// One case as staff see it, on a page of its own (phones, and links from notifications).
import { useRouter } from '@tarojs/taro';
import { CaseView } from '../../components/CaseView';
import { useRequireStaff } from '../../lib/session';
import '../../staff.css';

export default function StaffCasePage() {
  const user = useRequireStaff();
  const id = useRouter().params.id ?? '';
  if (!user) return null;
  return <CaseView id={id} user={user} />;
}
