Feature: Victims' Code compliance at a glance
  As an analyst or a supervisor
  I want to see, team by team, whether victims got what the Victims' Code promises
  So that the force can answer the Police and Crime Commissioner and put right what went wrong

  Background:
    Given Response North recorded 3 victims in June 2026, one of them referred to support late
    And Response South recorded 1 victim in June 2026 and has recorded nothing for them since

  Scenario: An analyst reads the Ministry of Justice measures for a quarter
    Given I am signed in as an analyst
    When I look at compliance from 1 April 2026 to 30 June 2026
    Then "Referred to support services" shows 2 of 4 victims met
    And the figures name both teams

  Scenario: An analyst drills into referrals not made in time
    Given I am signed in as an analyst
    When I look at compliance from 1 April 2026 to 30 June 2026
    And I open the crimes behind "Referred to support services" not met and unexplained
    Then I see the crimes 06/100002/26 and 06/100004/26 with their officers
    And I see no victim's name or phone number
    And my look at each crime is in the access audit

  Scenario: An analyst exports the measures for the Police and Crime Commissioner
    Given I am signed in as an analyst
    When I download the measures from 1 April 2026 to 30 June 2026
    Then the spreadsheet has a line for each measure for all teams and for each team

  Scenario: A supervisor sees only their own team
    Given I am signed in as a supervisor of Response South
    When I look at compliance from 1 April 2026 to 30 June 2026 for Response North
    Then the figures are Response South's only

  Scenario: What an officer records shows in the figures at once
    Given I am signed in as an analyst
    And I have looked at compliance from 1 April 2026 to 30 June 2026
    When Response South's officer records that their victim declined a referral, with the reason
    And I look at compliance from 1 April 2026 to 30 June 2026
    Then "Referred to support services" shows 2 of 4 victims met and 1 not met with a rationale
